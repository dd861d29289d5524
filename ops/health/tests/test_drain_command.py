"""``manage.py drain``: set, clear and report this node's drain flag."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client


@pytest.fixture
def flag(settings: Any, tmp_path: Path) -> Path:
    settings.DRAIN_FILE = tmp_path / "node-1" / "drain"
    return Path(settings.DRAIN_FILE)


def drain(*args: str) -> str:
    out = StringIO()
    call_command("drain", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_it_takes_the_node_out_of_rotation_and_puts_it_back(flag: Path) -> None:
    assert "Draining" in drain("--reason", "rolling deploy")
    assert flag.read_text() == "rolling deploy"
    assert Client().get("/readyz").json()["status"] == "draining"

    assert "Serving again" in drain("--off")
    assert not flag.exists()
    assert Client().get("/readyz").json()["status"] == "ready"


def test_it_reports_the_state_with_an_exit_status_for_scripts(flag: Path) -> None:
    assert drain("--status").startswith("serving")
    drain()
    with pytest.raises(SystemExit) as exited:
        drain("--status")
    assert exited.value.code == 3


def test_clearing_a_flag_that_is_not_set_says_so(flag: Path) -> None:
    assert "(was not draining)" in drain("--off")


def test_it_says_why_when_the_flag_cannot_be_written(settings: Any, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    settings.DRAIN_FILE = blocker / "drain"

    with pytest.raises(CommandError, match="Could not write the drain flag"):
        drain()
