"""A bad URL, timeout, address or state file exits 2 with a clear message, and fetches nothing."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from pytest_django.fixtures import Settings

from ops.health.tests.availability_site import World, world


@pytest.fixture
def here(settings: Settings, tmp_path: Path) -> Iterator[World]:
    with world(settings, tmp_path) as running:
        yield running


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ftp://news.example.org/"], "page URL 'ftp://news.example.org/' is not an absolute"),
        (["news.example.org"], "page URL 'news.example.org' is not an absolute http(s) URL"),
        (["--readiness", "/readyz"], "--readiness URL '/readyz' is not an absolute http(s) URL"),
        (["--webhook", "file:///tmp/hook"], "--webhook URL 'file:///tmp/hook' is not"),
        (["--timeout", "soon"], "--timeout must be a number of seconds, got 'soon'"),
        (["--timeout", "0"], "--timeout must be more than 0 and at most 60 s: 0.0"),
        (["--timeout", "600"], "--timeout must be more than 0 and at most 60 s: 600.0"),
        (["--email", "oncall"], "Alert address 'oncall' is not an email address"),
    ],
)
def test_it_exits_2_with_a_clear_message(here: World, args: list[str], message: str) -> None:
    run = here.run(*args)

    assert run.code == 2
    assert message in run.stderr
    assert here.site.requests == []


def test_an_unusable_state_file_exits_2(here: World, tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("")

    run = here.run("--state", str(tmp_path / "a-file" / "state.json"))

    assert run.code == 2
    assert "Cannot use the state file" in run.stderr


def test_from_the_command_line_it_exits_2_without_a_traceback() -> None:
    finished = subprocess.run(
        [sys.executable, "manage.py", "check_availability", "--timeout", "-1"],
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert finished.returncode == 2
    assert "--timeout must be more than 0 and at most 60 s: -1.0" in finished.stderr
    assert "Traceback" not in finished.stderr
