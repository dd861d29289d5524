"""StrictEnv reads *_FILE secrets and refuses values it cannot parse, naming the variable."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from ops.config.env import StrictEnv


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> StrictEnv:
    for name in ("NB_FLAG", "NB_NUMBER", "NB_SECRET", "NB_SECRET_FILE", "NB_DATABASE_FILE"):
        monkeypatch.delenv(name, raising=False)
    return StrictEnv()


def test_it_reads_a_secret_from_a_file(
    env: StrictEnv, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = tmp_path / "secret"
    secret.write_text("from-the-file")
    monkeypatch.setenv("NB_SECRET_FILE", str(secret))
    assert env.str("NB_SECRET") == "from-the-file"
    assert env.is_set("NB_SECRET")


def test_it_drops_the_line_break_that_ends_a_secret_file(
    env: StrictEnv, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = tmp_path / "database_url"
    secret.write_text("postgres://newsbudget:pw@db:5432/newsbudget\n")  # pragma: allowlist secret
    monkeypatch.setenv("NB_DATABASE_FILE", str(secret))

    assert env.db_url("NB_DATABASE")["NAME"] == "newsbudget"


@pytest.mark.parametrize(("raw", "expected"), [("on", True), ("OFF", False), (" 1 ", True)])
def test_it_understands_the_usual_booleans(
    env: StrictEnv, monkeypatch: pytest.MonkeyPatch, raw: str, expected: bool
) -> None:
    monkeypatch.setenv("NB_FLAG", raw)
    assert env.bool("NB_FLAG") is expected


def test_it_refuses_a_misspelt_boolean(env: StrictEnv, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NB_FLAG", "enabled")
    with pytest.raises(ImproperlyConfigured, match="NB_FLAG must be one of"):
        env.bool("NB_FLAG", default=False)


def test_it_names_the_variable_of_a_bad_number(
    env: StrictEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NB_NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured, match="NB_NUMBER has an invalid value 'ten'"):
        env.int("NB_NUMBER", default=1)


def test_defaults_apply_when_unset(env: StrictEnv) -> None:
    assert env.int("NB_NUMBER", default=7) == 7
    assert env.bool("NB_FLAG", default=True) is True
