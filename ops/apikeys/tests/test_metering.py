"""Metering: requests are counted in the cache, exactly, and flushed to the database in batches."""

from __future__ import annotations

import datetime
import threading
import time
from typing import Any

import pytest
from django.core.cache import cache

from ops.apikeys import metering, services
from ops.apikeys.endpoints import OTHER, metered_endpoints
from ops.apikeys.models import KeyUsage
from ops.apikeys.services import IssuedKey
from ops.apikeys.tests.conftest import NOW

THREADS, REQUESTS_EACH, BYTES_EACH = 8, 200, 37


def record(
    issued: IssuedKey, *, endpoint: str = OTHER, size: int = BYTES_EACH, now: Any = NOW
) -> None:
    metering.record(key_id=issued.key.pk, endpoint=endpoint, response_bytes=size, now=now)


def usage(issued: IssuedKey) -> dict[tuple[datetime.date, str], tuple[int, int]]:
    rows = KeyUsage.objects.filter(key_id=issued.key.pk)
    return {(row.day, row.endpoint): (row.count, row.response_bytes) for row in rows}


def in_threads(work: Any, count: int = THREADS) -> list[threading.Thread]:
    threads = [threading.Thread(target=work) for _ in range(count)]
    for thread in threads:
        thread.start()
    return threads


def test_recording_writes_nothing_to_the_database(
    issued: IssuedKey, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(0):
        record(issued)

    assert not KeyUsage.objects.exists()


def test_a_flush_moves_the_counts_into_one_row_per_key_day_and_endpoint(issued: IssuedKey) -> None:
    endpoint = metered_endpoints()[0]
    yesterday = NOW - datetime.timedelta(days=1)
    record(issued, size=100)
    record(issued, size=20)
    record(issued, endpoint=endpoint, size=5)
    record(issued, size=1, now=yesterday)

    flushed = metering.flush(now=NOW)

    assert (flushed.rows, flushed.requests, flushed.response_bytes) == (3, 4, 126)
    assert usage(issued) == {
        (NOW.date(), OTHER): (2, 120),
        (NOW.date(), endpoint): (1, 5),
        (yesterday.date(), OTHER): (1, 1),
    }


def test_a_second_flush_adds_to_the_rows_and_an_idle_one_changes_nothing(
    issued: IssuedKey,
) -> None:
    record(issued)
    metering.flush(now=NOW)
    record(issued)
    record(issued)
    metering.flush(now=NOW)
    idle = metering.flush(now=NOW)

    assert idle.rows == 0
    assert usage(issued) == {(NOW.date(), OTHER): (3, 3 * BYTES_EACH)}


def test_it_counts_exactly_what_many_threads_record(issued: IssuedKey) -> None:
    def work() -> None:
        for _ in range(REQUESTS_EACH):
            record(issued)

    for thread in in_threads(work):
        thread.join()
    metering.flush(now=NOW)

    total = THREADS * REQUESTS_EACH
    assert usage(issued) == {(NOW.date(), OTHER): (total, total * BYTES_EACH)}


def test_a_flush_while_threads_record_loses_nothing(issued: IssuedKey) -> None:
    stop = threading.Event()
    recorded = [0] * THREADS

    def work(slot: int) -> None:
        while not stop.is_set():
            record(issued)
            recorded[slot] += 1

    threads = [threading.Thread(target=work, args=(slot,)) for slot in range(THREADS)]
    for thread in threads:
        thread.start()
    overlapping = 0
    deadline = time.monotonic() + 10
    while overlapping < 5 and time.monotonic() < deadline:
        overlapping += metering.flush(now=NOW).rows
    stop.set()
    for thread in threads:
        thread.join()
    metering.flush(now=NOW)

    total = sum(recorded)
    assert overlapping == 5, "the flushes did not overlap the recording"
    assert usage(issued) == {(NOW.date(), OTHER): (total, total * BYTES_EACH)}


def test_only_one_flush_runs_at_a_time(issued: IssuedKey) -> None:
    record(issued)
    cache.add(metering.LOCK_NAME, "another flush", timeout=60)

    assert metering.flush(now=NOW).skipped
    assert not KeyUsage.objects.exists()

    cache.delete(metering.LOCK_NAME)
    assert metering.flush(now=NOW).rows == 1


def test_a_failed_write_gives_the_counts_back_for_the_next_flush(
    issued: IssuedKey, monkeypatch: pytest.MonkeyPatch
) -> None:
    record(issued)
    record(issued)

    def database_down(alias: str, slots: Any) -> None:
        raise RuntimeError("database unavailable")

    with monkeypatch.context() as patched:
        patched.setattr(metering, "add_to_shard", database_down)
        with pytest.raises(RuntimeError):
            metering.flush(now=NOW)
    assert cache.get(metering.LOCK_NAME) is None
    metering.flush(now=NOW)

    assert usage(issued) == {(NOW.date(), OTHER): (2, 2 * BYTES_EACH)}


def test_it_still_flushes_a_key_revoked_today(issued: IssuedKey) -> None:
    record(issued)
    services.revoke_key(key=issued.key, now=NOW)

    metering.flush(now=NOW)

    assert usage(issued) == {(NOW.date(), OTHER): (1, BYTES_EACH)}


def test_it_collects_older_days_only_when_asked(issued: IssuedKey) -> None:
    three_days_ago = NOW - datetime.timedelta(days=3)
    record(issued, now=three_days_ago)

    assert metering.flush(now=NOW).rows == 0
    assert metering.flush(now=NOW, days=4).rows == 1
    assert usage(issued) == {(three_days_ago.date(), OTHER): (1, BYTES_EACH)}


def test_the_flush_task_flushes(issued: IssuedKey) -> None:
    from ops.apikeys.tasks import flush_api_usage

    metering.record(
        key_id=issued.key.pk,
        endpoint=OTHER,
        response_bytes=9,
        now=datetime.datetime.now(datetime.UTC),
    )

    result = flush_api_usage.call()

    assert result == {"rows": 1, "requests": 1, "response_bytes": 9, "skipped": False}
