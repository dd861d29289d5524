"""Each process sums its requests in memory and adds them to the shared cache in batches."""

from __future__ import annotations

import datetime
import time

import pytest
from django.core.cache import cache
from django.test import override_settings

from ops.dashboard.aggregate import MinuteBuffer, epoch_minute, key
from ops.telemetry.records import RequestRecord

AT = datetime.datetime(2026, 12, 1, 9, 30, 10, tzinfo=datetime.UTC)


def request(duration_ms: float = 12.0, status: int = 200) -> RequestRecord:
    return RequestRecord(
        at=AT, request_id="r", method="GET", route="site:home", path="/", query="",
        status=status, duration_ms=duration_ms, db_queries=1, db_ms=0.5,
        cache_hits=1, cache_misses=0,
    )  # fmt: skip


def counter(field: str) -> int | None:
    value = cache.get(key(epoch_minute(AT), field))
    return None if value is None else int(value)


@override_settings(ROLLUP_FLUSH_SECONDS=0.2)
def test_a_background_thread_adds_the_sums_to_the_cache() -> None:
    buffer = MinuteBuffer()
    for _ in range(3):
        buffer.add(request())
    assert counter("requests") is None, "nothing is written per request"

    fields = ("requests", "route:site:home:n", "cache_hits")
    deadline = time.monotonic() + 5
    while None in [counter(field) for field in fields] and time.monotonic() < deadline:
        time.sleep(0.05)

    assert counter("requests") == 3
    assert counter("route:site:home:n") == 3
    assert counter("cache_hits") == 3
    assert buffer.pending == {}


@override_settings(ROLLUP_FLUSH_SECONDS=0)
def test_two_processes_add_to_the_same_counters() -> None:
    for buffer in (MinuteBuffer(), MinuteBuffer()):
        buffer.add(request(status=500))

    assert counter("requests") == 2
    assert counter("5xx") == 2


@override_settings(
    ROLLUP_FLUSH_SECONDS=0,
    CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}},
)
def test_figures_are_dropped_not_the_request_when_the_cache_refuses(
    caplog: pytest.LogCaptureFixture,
) -> None:
    MinuteBuffer().add(request())

    assert "Dropped dashboard figures" in caplog.text
