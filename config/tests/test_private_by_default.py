"""Anything that did not opt in to public caching is private and never stored."""

from __future__ import annotations

import pytest
from django.test import Client

from newsbudget.accounts.models import User


@pytest.mark.parametrize(
    "url", ["/accounts/login/", "/admin/login/", "/api/v1/schema/", "/no-such-page/"]
)
def test_anonymous_non_public_responses_are_private(url: str, client: Client, db: None) -> None:
    response = client.get(url)
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    "url",
    [
        "/newsroom/budget/",
        "/newsroom/stories/new/",
        "/newsroom/reports/",
        "/admin/",
        "/api/v1/stories/",
    ],
)
def test_staff_responses_are_private(url: str, client: Client, editor: User) -> None:
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


def test_a_response_that_sets_a_cookie_is_made_private(client: Client, db: None) -> None:
    response = client.get("/accounts/login/")
    assert "csrftoken" in response.cookies
    assert "public" not in response["Cache-Control"]
