"""Every response says which release answered it: pages, probes and errors alike."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings


@pytest.mark.django_db
@override_settings(RELEASE="abc1234")
@pytest.mark.parametrize("path", ["/healthz", "/readyz", "/", "/no-such-page/"])
def test_the_release_is_in_a_header(client: Client, path: str) -> None:
    response = client.get(path)
    assert response["X-Release"] == "abc1234"
