"""Lockout and breached-password settings come from the environment; bad ones stop start-up."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from config.tests.fresh_process import run_django

PRINT = (
    "import json, django; from django.conf import settings; django.setup();"
    "print(json.dumps({'limit': settings.AXES_FAILURE_LIMIT,"
    " 'minutes': settings.AXES_COOLOFF_TIME.total_seconds() / 60,"
    " 'breached': settings.BREACHED_PASSWORDS_FILE}))"
)
CHECK = "import django; from django.core.management import call_command; django.setup();"
CHECK += "call_command('check')"


def test_the_defaults_lock_after_5_failures_for_15_minutes(tmp_path: Path) -> None:
    result = run_django(tmp_path, PRINT)

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"limit": 5, "minutes": 15.0, "breached": ""}


def test_the_environment_sets_them(tmp_path: Path) -> None:
    result = run_django(tmp_path, PRINT, LOGIN_FAILURE_LIMIT="3", LOGIN_LOCKOUT_MINUTES="60")

    assert json.loads(result.stdout)["limit"] == 3
    assert json.loads(result.stdout)["minutes"] == 60.0


@pytest.mark.parametrize(
    ("name", "value", "complaint"),
    [
        ("LOGIN_FAILURE_LIMIT", "0", "LOGIN_FAILURE_LIMIT must be 1 or more"),
        ("LOGIN_LOCKOUT_MINUTES", "0", "LOGIN_LOCKOUT_MINUTES must be 1 or more"),
        ("LOGIN_FAILURE_LIMIT", "five", "LOGIN_FAILURE_LIMIT"),
    ],
)
def test_a_bad_value_stops_the_process_and_names_it(
    tmp_path: Path, name: str, value: str, complaint: str
) -> None:
    result = run_django(tmp_path, PRINT, **{name: value})

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert complaint in result.stderr


def test_a_missing_breached_password_file_fails_the_system_check(tmp_path: Path) -> None:
    result = run_django(tmp_path, CHECK, BREACHED_PASSWORDS_FILE=str(tmp_path / "nope.txt"))

    assert result.returncode != 0
    assert "passwords.E001" in result.stderr
