"""A damaged log never stops the report: odd lines are skipped and counted, odd fields shown."""

from __future__ import annotations

import json
from pathlib import Path

from ops.logs.report import MAX_LINE_CHARS
from ops.logs.tests.requestlog import request_line, run, run_json, stamp, write_log

DAMAGED = [
    {"event": "request"},
    {"event": "request", "timestamp": stamp(0), "status": "200", "duration_ms": 1.0},
    {"event": "request", "timestamp": stamp(0), "status": True, "duration_ms": 1.0},
    {"event": "request", "timestamp": stamp(0), "status": 200, "duration_ms": -1.0},
    {"event": "request", "timestamp": stamp(0), "status": 200, "duration_ms": False},
    {"event": "request", "timestamp": stamp(0), "status": 999, "duration_ms": 1.0},
    {"event": "request", "timestamp": 1764619200, "status": 200, "duration_ms": 1.0},
]


def test_it_skips_request_lines_it_cannot_count(tmp_path: Path) -> None:
    lines = [json.dumps(fields) for fields in DAMAGED]
    not_a_number = {"event": "request", "timestamp": stamp(0), "status": 200}
    lines.append(json.dumps(not_a_number | {"duration_ms": float("nan")}))

    document = run_json(str(write_log(tmp_path, lines)))

    assert document["requests"] == 0
    assert document["skipped"]["damaged"] == 8


def test_it_counts_a_request_with_only_time_status_and_duration(tmp_path: Path) -> None:
    minimal = {"event": "request", "timestamp": stamp(0), "status": 200, "duration_ms": 7}
    nulls = dict.fromkeys(("route", "path", "query", "client_ip", "user_agent", "db_queries"))

    document = run_json(
        str(write_log(tmp_path, [json.dumps(minimal), json.dumps(minimal | nulls)]))
    )

    assert document["requests"] == 2
    assert document["routes_by_count"][0]["route"] == "(unknown)"
    assert document["clients"][0]["client_ip"] == "(unknown)"
    assert document["slowest"][0]["db_queries"] is None


def test_it_skips_lines_too_long_to_be_requests(tmp_path: Path) -> None:
    lines = ["x" * (MAX_LINE_CHARS * 2 + 5), request_line(at=0), "[" * 100_000]

    document = run_json(str(write_log(tmp_path, lines)))

    assert document["requests"] == 1
    assert (document["skipped"]["too_long"], document["skipped"]["not_json"]) == (1, 1)


def test_it_reads_through_bytes_that_are_not_utf8(tmp_path: Path) -> None:
    log = tmp_path / "requests.log"
    log.write_bytes(b"\xff\xfe garbage\n" + request_line(at=0, path="/caf\u00e9/").encode() + b"\n")

    document = run_json(str(log))

    assert (document["requests"], document["skipped"]["not_json"]) == (1, 1)


def test_it_reports_an_empty_log(tmp_path: Path) -> None:
    output = run(str(write_log(tmp_path, [])))

    assert "No requests in the log" in output
    assert "Requests: 0" in output


def test_it_escapes_control_characters_from_the_log(tmp_path: Path) -> None:
    line = request_line(at=0, user_agent="evil\x1b[2J\x07bot", path="/\x1b]0;owned\x07")

    output = run(str(write_log(tmp_path, [line])))

    assert "\x1b" not in output
    assert "evil\\x1b[2J\\x07bot" in output


def test_it_suspects_no_one_of_lines_without_a_client_address(tmp_path: Path) -> None:
    lines = [
        request_line(at=k, path="/stories/", query=f"page={k + 5}", client_ip=None)
        for k in range(20)
    ]

    document = run_json(str(write_log(tmp_path, lines)))

    assert document["requests"] == 20
    assert document["bots"] == []
