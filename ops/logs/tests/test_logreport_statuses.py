"""The report's overview: the span covered, requests per status, errors and skipped lines."""

from __future__ import annotations

from pathlib import Path

from ops.logs.tests.requestlog import run, section, write_log


def test_it_counts_requests_per_status(tmp_path: Path) -> None:
    output = run(str(write_log(tmp_path)))

    rows = [line.split() for line in section(output, "Requests per status")[2:-2]]
    assert rows == [
        ["200", "165", "92.7%"],
        ["302", "2", "1.1%"],
        ["401", "1", "0.6%"],
        ["404", "5", "2.8%"],
        ["500", "4", "2.2%"],
        ["503", "1", "0.6%"],
    ]


def test_it_gives_errors_and_client_errors_with_their_share(tmp_path: Path) -> None:
    output = run(str(write_log(tmp_path)))

    assert "Server errors (5xx): 5 (2.8%)" in output.splitlines()
    assert "Client errors (4xx): 6 (3.4%)" in output.splitlines()


def test_it_gives_the_span_and_the_number_of_requests(tmp_path: Path) -> None:
    output = run(str(write_log(tmp_path)))

    assert output.splitlines()[1:3] == [
        "From 2026-12-01T20:00:00Z to 2026-12-01T21:00:00Z (1h 0m 0s)",
        "Requests: 178",
    ]


def test_it_says_how_many_lines_it_skipped_and_why(tmp_path: Path) -> None:
    output = run(str(write_log(tmp_path)))

    assert (
        "Skipped lines: 9 (not JSON: 3, other events: 3, damaged request lines: 3, too long: 0)"
        in output.splitlines()
    )
