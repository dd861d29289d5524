"""Routes ranked by requests and by total time, with nearest-rank latency percentiles."""

from __future__ import annotations

from pathlib import Path

from ops.logs.tests.requestlog import run, run_json, section, write_log


def test_it_ranks_routes_by_requests(tmp_path: Path) -> None:
    output = run(str(write_log(tmp_path)))

    rows = [line.split() for line in section(output, "Top 10 routes by requests")[2:]]
    assert [row[:2] for row in rows[:3]] == [
        ["site:search", "100"],
        ["site:story_list", "55"],
        ["api:story-list", "5"],
    ]


def test_it_ranks_routes_by_total_time(tmp_path: Path) -> None:
    output = run(str(write_log(tmp_path)))

    rows = [line.split() for line in section(output, "Top 10 routes by total time")[2:]]
    assert [(row[0], row[4]) for row in rows[:3]] == [
        ("site:export", "15000.0"),
        ("site:search", "5050.0"),
        ("site:story_list", "2450.0"),
    ]


def test_it_gives_nearest_rank_percentiles_per_route(tmp_path: Path) -> None:
    document = run_json(str(write_log(tmp_path)))

    routes = {route["route"]: route for route in document["routes_by_count"]}
    search, export = routes["site:search"], routes["site:export"]
    assert (search["p50_ms"], search["p95_ms"], search["p99_ms"]) == (50.0, 95.0, 99.0)
    assert (export["p50_ms"], export["p95_ms"], export["p99_ms"]) == (5000.0, 6000.0, 6000.0)
    assert (search["sampled"], export["sampled"]) == (False, False)


def test_it_counts_errors_per_route(tmp_path: Path) -> None:
    document = run_json(str(write_log(tmp_path)))

    api = next(route for route in document["routes_by_count"] if route["route"] == "api:story-list")
    assert (api["count"], api["errors"], api["client_errors"], api["total_ms"]) == (5, 4, 1, 1002.0)


def test_it_shows_only_the_top_routes(tmp_path: Path) -> None:
    output = run(str(write_log(tmp_path)), "--top", "2")

    assert len(section(output, "Top 2 routes by requests")) == 2 + 2
    assert len(section(output, "Top 2 routes by total time")) == 2 + 2
