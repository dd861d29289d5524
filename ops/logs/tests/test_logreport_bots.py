"""Suspected bots: fast deep pagination, and reading robots.txt then fetching what it disallows."""

from __future__ import annotations

from pathlib import Path

from ops.logs.tests.requestlog import (
    HTTPX,
    POLITE,
    READER,
    SCRAPER,
    SLOW_PAGER,
    SNEAKY,
    VIOLATOR,
    request_line,
    run,
    run_json,
    section,
    write_log,
)


def bots(document: dict) -> dict[tuple[str, str], dict]:
    return {(bot["client_ip"], bot["reason"]): bot for bot in document["bots"]}


def test_it_flags_a_client_paginating_deep_and_fast(tmp_path: Path) -> None:
    document = run_json(str(write_log(tmp_path)))

    scraper = bots(document)[(SCRAPER, "deep-pagination")]
    assert scraper == {
        "client_ip": SCRAPER,
        "reason": "deep-pagination",
        "requests": 36,  # pages 5 to 40
        "first_seen": "2026-12-01T20:15:04Z",
        "flagged_at": "2026-12-01T20:15:13Z",  # the 10th deep page, 9 s after the first
        "evidence": "/stories/?page=14",
        "user_agent": HTTPX,
    }


def test_it_flags_a_client_that_reads_robots_txt_and_ignores_it(tmp_path: Path) -> None:
    document = run_json(str(write_log(tmp_path)))

    violator = bots(document)[(VIOLATOR, "robots-violation")]
    # /newsroom/budget/, /api/v1/stories/ and /stories/?page=2; not the story it may read.
    assert violator["requests"] == 3
    assert violator["first_seen"] == "2026-12-01T20:20:01Z"
    assert violator["evidence"] == "/newsroom/budget/ (Disallow: /newsroom/)"
    assert violator["user_agent"] == SNEAKY


def test_it_flags_no_one_else(tmp_path: Path) -> None:
    document = run_json(str(write_log(tmp_path)))

    assert set(bots(document)) == {(SCRAPER, "deep-pagination"), (VIOLATOR, "robots-violation")}
    flagged = {bot["client_ip"] for bot in document["bots"]}
    # A reader paging to 3, a reader paging deep but slowly, and a crawler that fetched
    # /admin/ before reading robots.txt and only allowed paths after.
    assert not flagged & {READER, SLOW_PAGER, POLITE}
    assert document["bots_total"] == 2


def test_it_prints_the_bots_with_their_reason(tmp_path: Path) -> None:
    output = run(str(write_log(tmp_path)))

    lines = section(output, "Suspected bots: 2")
    assert lines[1] == "  deep pagination: 10 or more requests for page 5 or deeper within 60 s"
    assert lines[4].split()[:4] == [SCRAPER, "deep", "pagination", "36"]
    assert lines[5].split()[:5] == [VIOLATOR, "ignores", "robots.txt", "3", "2026-12-01T20:20:01Z"]
    assert "first /newsroom/budget/ (Disallow: /newsroom/)" in lines[5]


def test_it_takes_the_deep_page_threshold_as_an_option(tmp_path: Path) -> None:
    log = str(write_log(tmp_path))

    assert (SCRAPER, "deep-pagination") not in bots(run_json(log, "--deep-page", "32"))
    flagged = bots(run_json(log, "--deep-page", "31"))[(SCRAPER, "deep-pagination")]
    assert flagged["requests"] == 10
    assert flagged["flagged_at"] == "2026-12-01T20:15:39Z"


def test_it_takes_the_rate_threshold_as_an_option(tmp_path: Path) -> None:
    log = str(write_log(tmp_path))

    assert (SCRAPER, "deep-pagination") not in bots(run_json(log, "--bot-rate", "37"))
    assert (SCRAPER, "deep-pagination") in bots(run_json(log, "--bot-rate", "36"))
    # The slow reader's pages are 30 s apart: three fall within any 60 s.
    assert (SLOW_PAGER, "deep-pagination") in bots(run_json(log, "--bot-rate", "3"))
    assert (SLOW_PAGER, "deep-pagination") not in bots(run_json(log, "--bot-rate", "4"))


def test_it_treats_everything_as_disallowed_for_a_blocked_agent(tmp_path: Path) -> None:
    spider = {"client_ip": "192.0.2.99", "user_agent": "Mozilla/5.0 (compatible; Bytespider)"}
    log = write_log(
        tmp_path,
        [
            request_line(at=0, path="/robots.txt", route="robots", **spider),
            request_line(at=1, path="/stories/harbour-bridge/", route="site:story", **spider),
        ],
    )

    [bot] = run_json(str(log))["bots"]

    assert (bot["client_ip"], bot["reason"]) == ("192.0.2.99", "robots-violation")
    assert bot["evidence"] == "/stories/harbour-bridge/ (Disallow: /)"
