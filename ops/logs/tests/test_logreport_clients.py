"""The busiest client IPs and user agents, with their rate over their own active span."""

from __future__ import annotations

from pathlib import Path

from ops.logs.tests.requestlog import (
    FIREFOX,
    HTTPX,
    SAFARI,
    SCRAPER,
    SLOW_PAGER,
    run,
    run_json,
    section,
    write_log,
)


def test_it_ranks_client_ips_by_requests_with_their_rate(tmp_path: Path) -> None:
    document = run_json(str(write_log(tmp_path)))

    clients = [(c["client_ip"], c["requests"], c["per_minute"]) for c in document["clients"]]
    assert clients[:3] == [
        (SCRAPER, 40, 40.0),  # 40 in 39 s: rated over a minute
        (SLOW_PAGER, 10, 2.22),  # 10 in 4½ minutes
        ("198.51.100.100", 10, 1.11),  # 10 in 9 minutes; ties go to the faster, then the name
    ]
    assert len(clients) == 10
    assert document["distinct_clients"] == 20


def test_it_ranks_user_agents_by_requests_with_their_rate(tmp_path: Path) -> None:
    document = run_json(str(write_log(tmp_path)))

    agents = [(a["user_agent"], a["requests"], a["per_minute"]) for a in document["user_agents"]]
    assert agents[:3] == [(SAFARI, 100, 10.1), (HTTPX, 40, 40.0), (FIREFOX, 21, 0.35)]
    assert document["distinct_user_agents"] == 7


def test_it_prints_the_top_clients(tmp_path: Path) -> None:
    output = run(str(write_log(tmp_path)), "--top", "1")

    lines = section(output, "Top 1 client IPs by requests, of 20")
    assert lines[2].split() == [
        "40",
        "40.00",
        "2026-12-01T20:15:00Z",
        "2026-12-01T20:15:39Z",
        SCRAPER,
    ]
