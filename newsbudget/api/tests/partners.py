"""Helpers for the API key suites: a partner's key and a client that sends it."""

from __future__ import annotations

from typing import Any

from rest_framework.test import APIClient

from ops.apikeys import services
from ops.apikeys.services import IssuedKey


def issue(**fields: Any) -> IssuedKey:
    """A key for "Acme News", with any of ``services.issue_key``'s fields changed."""
    return services.issue_key(**{"partner": "Acme News", **fields})


def keyed(secret: str) -> APIClient:
    """A client that sends ``Authorization: Api-Key <secret>``."""
    client = APIClient()
    client.default_format = "json"
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {secret}")
    return client
