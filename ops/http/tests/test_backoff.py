"""Retries wait a short, growing, jittered backoff, and honour a short Retry-After only."""

from __future__ import annotations

import time

from ops.http import client
from ops.http.client import request
from ops.http.tests.loopback import Answer, Site


def test_the_waits_between_retries_are_short_and_bounded(site: Site) -> None:
    site.answer("/page", 503)
    started = time.monotonic()

    request("GET", f"{site.url}/page", retries=3)

    # Three waits of between half and all of 0.1 s, 0.2 s and 0.4 s.
    assert 0.35 <= time.monotonic() - started < 1.5
    assert len(site.hits("/page")) == 4


def test_the_backoff_doubles_up_to_a_ceiling_with_jitter() -> None:
    for attempt, ceiling in [(1, 0.1), (2, 0.2), (3, 0.4), (6, 2.0), (40, 2.0)]:
        waits = [client.backoff(attempt) for _ in range(200)]
        assert ceiling / 2 <= min(waits) <= max(waits) <= ceiling
        assert len(set(waits)) > 1  # jittered, so retries from many processes spread out


def test_it_honours_a_short_retry_after(site: Site) -> None:
    site.answer("/page", Answer(503, headers={"Retry-After": "1"}), 200)
    started = time.monotonic()

    reply = request("GET", f"{site.url}/page", retries=1)

    assert reply.status == 200
    assert time.monotonic() - started >= 1.0


def test_it_returns_at_once_when_retry_after_asks_for_too_long(site: Site) -> None:
    site.answer("/page", Answer(503, headers={"Retry-After": "120"}), 200)
    started = time.monotonic()

    reply = request("GET", f"{site.url}/page", retries=2)

    assert reply.status == 503
    assert reply.headers["retry-after"] == "120"
    assert len(site.hits("/page")) == 1
    assert time.monotonic() - started < 1
