"""Fixtures for the API suites: an anonymous client, and clients signed in by token."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from newsbudget.accounts.models import User
from newsbudget.api.tests.helpers import SignIn


@pytest.fixture
def api(db: None) -> APIClient:
    """An anonymous client that sends JSON."""
    client = APIClient()
    client.default_format = "json"
    return client


@pytest.fixture
def sign_in(db: None) -> SignIn:
    """A client that sends JSON and ``Authorization: Token <key>`` for the given user."""

    def client_for(user: User) -> APIClient:
        token, _ = Token.objects.get_or_create(user=user)
        client = APIClient()
        client.default_format = "json"
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return client_for
