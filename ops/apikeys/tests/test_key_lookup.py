"""Finding a key: malformed text never reaches the database, a well-formed key costs one query."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from ops.apikeys import services
from ops.apikeys.models import APIKey
from ops.apikeys.services import IssuedKey, KeyRefused
from ops.apikeys.tests.conftest import NOW

PREFIX = "nbk_3f9a2c1d"
MALFORMED = [
    "",
    "nbk",
    f"{PREFIX}_" + "A" * 42,
    f"{PREFIX}_" + "A" * 44,
    f"{PREFIX}_" + "A" * 42 + "\x00",
    "\x00" * 56,
    f"{PREFIX}_" + "é" * 43,
    "nbk_3F9A2C1D_" + "A" * 43,
    f"{PREFIX}_" + "A" * 42 + "=",
    f"{PREFIX}_" + "A" * 10_000,
    " " + f"{PREFIX}_" + "A" * 43,
]


@pytest.mark.parametrize("text", MALFORMED)
def test_it_refuses_a_malformed_key_without_a_query(
    db: None, text: str, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(0), pytest.raises(KeyRefused, match="Malformed API key"):
        services.find_key(text, now=NOW)


def test_it_finds_a_key_in_one_query(issued: IssuedKey, django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(1):
        found = services.find_key(issued.secret, now=NOW)

    assert found == issued.key


def test_it_refuses_an_unknown_key_after_one_query(
    db: None, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(1), pytest.raises(KeyRefused, match=r"^Unknown API key\.$"):
        services.find_key(f"{PREFIX}_" + "A" * 43, now=NOW)


def test_it_refuses_a_revoked_key_and_says_when(issued: IssuedKey) -> None:
    services.revoke_key(key=issued.key, now=NOW)

    with pytest.raises(KeyRefused, match="revoked on 2026-03-02; ask for a new one"):
        services.find_key(issued.secret, now=NOW)


def test_it_refuses_an_expired_key_and_says_when(issued: IssuedKey) -> None:
    APIKey.objects.update(expires_at=NOW - datetime.timedelta(days=1))

    with pytest.raises(KeyRefused, match="expired on 2026-03-01; ask for a new one"):
        services.find_key(issued.secret, now=NOW)


def test_a_key_works_until_the_moment_it_expires(issued: IssuedKey) -> None:
    APIKey.objects.update(expires_at=NOW + datetime.timedelta(seconds=1))

    assert services.find_key(issued.secret, now=NOW) == issued.key
    with pytest.raises(KeyRefused, match="expired"):
        services.find_key(issued.secret, now=NOW + datetime.timedelta(seconds=1))
