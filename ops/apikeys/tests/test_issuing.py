"""Issuing keys: random, stored only as a digest, shown once; revoking them."""

from __future__ import annotations

import datetime
import hashlib
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from ops.apikeys import keys, services
from ops.apikeys.models import APIKey
from ops.apikeys.services import IssuedKey
from ops.apikeys.tests.conftest import NOW


def test_it_stores_only_the_digest_of_the_key(issued: IssuedKey) -> None:
    secret = issued.secret
    row = APIKey.objects.values().get()

    assert row["hashed_key"] == hashlib.sha256(secret.encode()).hexdigest()
    random_part = secret.rsplit("_", 1)[1]
    assert not any(random_part in str(value) for value in row.values())


def test_a_dump_of_the_database_never_contains_the_key(issued: IssuedKey) -> None:
    dump = StringIO()
    call_command("dumpdata", "apikeys", stdout=dump)

    assert issued.key.prefix in dump.getvalue()
    assert issued.secret.rsplit("_", 1)[1] not in dump.getvalue()


def test_the_key_starts_with_its_public_prefix_and_the_site_label(issued: IssuedKey) -> None:
    assert issued.secret.startswith(f"{issued.key.prefix}_")
    assert issued.key.prefix.startswith("nbk_")
    assert keys.well_formed(issued.secret)


def test_every_key_is_different(db: None) -> None:
    first = services.issue_key(partner="Acme News")
    second = services.issue_key(partner="Acme News")

    assert first.secret != second.secret
    assert first.key.prefix != second.key.prefix


def test_the_saved_key_cannot_give_its_secret_back(issued: IssuedKey) -> None:
    reloaded = APIKey.objects.get()

    assert not any(issued.secret in str(value) for value in vars(reloaded).values())


def test_it_refuses_a_bad_rate_or_a_past_expiry(db: None) -> None:
    with pytest.raises(ValidationError, match="A rate is COUNT/PERIOD"):
        services.issue_key(partner="Acme News", rate="ten a minute")
    with pytest.raises(ValidationError, match="expire in the future"):
        services.issue_key(partner="Acme News", expires_at=NOW - datetime.timedelta(days=1))
    assert not APIKey.objects.exists()


def test_it_revokes_once_and_keeps_the_first_date(issued: IssuedKey) -> None:
    assert services.revoke_key(key=issued.key, now=NOW) is True
    assert services.revoke_key(key=issued.key, now=NOW + datetime.timedelta(days=3)) is False

    issued.key.refresh_from_db()
    assert issued.key.revoked_at == NOW
    assert issued.key.state(NOW) == "revoked"
