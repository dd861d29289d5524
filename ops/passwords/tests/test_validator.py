"""The validator refuses breached passwords, says why, and fails closed without its file."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import override_settings

from ops.passwords.breached import sha1_hex
from ops.passwords.checks import breached_password_file_is_usable
from ops.passwords.validators import BreachedPasswordValidator

ONLY_BREACHED = [{"NAME": "ops.passwords.validators.BreachedPasswordValidator"}]


def test_it_refuses_a_password_from_the_bundled_breach_list() -> None:
    with pytest.raises(ValidationError) as refused:
        BreachedPasswordValidator().validate("iseedeadpeople")

    assert refused.value.error_list[0].code == "password_breached"
    assert "appeared in a data breach" in refused.value.messages[0]


def test_it_accepts_a_password_no_breach_holds() -> None:
    BreachedPasswordValidator().validate("tram-harbour-ledger-42")


def test_it_says_how_often_a_password_was_seen_in_a_full_hibp_file(tmp_path: Path) -> None:
    hibp = tmp_path / "pwnedpasswords.txt"
    hibp.write_text(f"{sha1_hex('tram-harbour-ledger-42')}:52\r\n")

    with (
        override_settings(BREACHED_PASSWORDS_FILE=str(hibp)),
        pytest.raises(ValidationError, match="52 times"),
    ):
        BreachedPasswordValidator().validate("tram-harbour-ledger-42")


def test_it_can_ignore_passwords_seen_fewer_times_than_a_threshold(tmp_path: Path) -> None:
    hibp = tmp_path / "pwnedpasswords.txt"
    hibp.write_text(f"{sha1_hex('tram-harbour-ledger-42')}:2\n")

    BreachedPasswordValidator(path=str(hibp), min_count=3).validate("tram-harbour-ledger-42")


def test_it_refuses_every_password_when_its_file_cannot_be_read(tmp_path: Path) -> None:
    with (
        override_settings(BREACHED_PASSWORDS_FILE=str(tmp_path / "gone.txt")),
        pytest.raises(ValidationError) as refused,
    ):
        BreachedPasswordValidator().validate("tram-harbour-ledger-42")

    assert refused.value.error_list[0].code == "password_breach_check_unavailable"


def test_it_runs_wherever_django_validates_passwords() -> None:
    with (
        override_settings(AUTH_PASSWORD_VALIDATORS=ONLY_BREACHED),
        pytest.raises(ValidationError, match="data breach"),
    ):
        validate_password("iseedeadpeople")


def test_the_system_check_names_a_file_that_is_missing_or_malformed(tmp_path: Path) -> None:
    malformed = tmp_path / "list.txt"
    malformed.write_text("iseedeadpeople\n")

    with override_settings(AUTH_PASSWORD_VALIDATORS=ONLY_BREACHED):
        assert breached_password_file_is_usable(None) == []
        with override_settings(BREACHED_PASSWORDS_FILE=str(tmp_path / "gone.txt")):
            [missing] = breached_password_file_is_usable(None)
        with override_settings(BREACHED_PASSWORDS_FILE=str(malformed)):
            [bad] = breached_password_file_is_usable(None)

    assert missing.id == "passwords.E001"
    assert "cannot be read" in missing.msg
    assert "not HEX40:COUNT" in bad.msg
