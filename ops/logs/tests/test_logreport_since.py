"""``--since``: only requests from a moment on, given as a timestamp or as an age."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError

from ops.logs.tests.requestlog import END, run, run_json, write_log

ERRORS_ONWARD = {"200": 1, "404": 4, "500": 4, "503": 1}
"""From 20:25 on: the 500s, the 503, the /wp-login.php 404s and the last front page."""


def test_it_leaves_out_requests_before_a_timestamp(tmp_path: Path) -> None:
    document = run_json(str(write_log(tmp_path)), "--since", "2026-12-01T20:25:00Z")

    assert document["requests"] == 10
    assert document["before_since"] == 168
    assert document["statuses"] == ERRORS_ONWARD
    assert document["span"]["first"] == "2026-12-01T20:25:00Z"
    assert document["bots"] == []  # the scraper and the violator came earlier


def test_it_counts_an_age_back_from_now(tmp_path: Path) -> None:
    document = run_json(str(write_log(tmp_path)), "--since", "35m", now=END)

    assert document["since"] == "2026-12-01T20:25:00Z"
    assert document["statuses"] == ERRORS_ONWARD


def test_it_says_what_it_left_out(tmp_path: Path) -> None:
    output = run(str(write_log(tmp_path)), "--since", "1h", now=END)

    assert "Requests: 178" in output.splitlines()
    assert "Since 2026-12-01T20:00:00Z: 0 earlier requests left out" in output.splitlines()


@pytest.mark.parametrize("since", ["yesterday", "30 minutes", "-2h", "2026-13-01", ""])
def test_it_rejects_a_since_it_cannot_read(tmp_path: Path, since: str) -> None:
    with pytest.raises(CommandError, match=r"^--since: expected an ISO 8601 timestamp"):
        run(str(write_log(tmp_path)), f"--since={since}", now=END)


def test_it_rejects_an_age_beyond_the_calendar(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="reaches back too far"):
        run(str(write_log(tmp_path)), "--since", "99999999999d", now=END)
