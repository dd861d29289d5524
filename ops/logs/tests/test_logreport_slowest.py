"""The slowest requests, with what is needed to find them: request id, route, path and queries."""

from __future__ import annotations

from pathlib import Path

from ops.logs.tests.requestlog import run, run_json, section, write_log


def test_it_lists_the_slowest_requests(tmp_path: Path) -> None:
    document = run_json(str(write_log(tmp_path)), "--top", "4")

    slowest = [(r["duration_ms"], r["route"], r["status"]) for r in document["slowest"]]
    assert slowest == [
        (6000.0, "site:export", 200),
        (5000.0, "site:export", 200),
        (4000.0, "site:export", 200),
        (250.0, "api:story-list", 500),  # the first of four equally slow
    ]
    assert document["slowest"][0] == {
        "request_id": "0000000000000067",
        "timestamp": "2026-12-01T20:05:00Z",
        "method": "GET",
        "route": "site:export",
        "path": "/exports/budget.csv",
        "query": "",
        "status": 200,
        "duration_ms": 6000.0,
        "db_queries": 41,
    }
    assert document["slowest"][3]["timestamp"] == "2026-12-01T20:25:00Z"


def test_it_prints_the_slowest_requests(tmp_path: Path) -> None:
    output = run(str(write_log(tmp_path)), "--top", "2")

    lines = section(output, "Slowest 2 requests")
    assert len(lines) == 4
    assert lines[2].split() == [
        "6000.0",
        "200",
        "41",
        "2026-12-01T20:05:00Z",
        "0000000000000067",
        "site:export",
        "/exports/budget.csv",
    ]
