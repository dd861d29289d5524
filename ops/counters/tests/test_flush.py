"""Flushing: closed windows only, each written once with its marker, the cache emptied after.

``write`` here keeps what it is given in a list (the real writers add to rows
in the same transaction); a failing ``write`` and a flush that "dies" after
its commit (its key deletion skipped) show the crash semantics.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache

from ops.counters.buffered import BufferedCounter
from ops.counters.models import FlushedWindow

START = datetime.datetime(2026, 3, 1, 12, 0, tzinfo=datetime.UTC)
MINUTE = datetime.timedelta(minutes=1)
views = BufferedCounter("test-views", window_seconds=60, flush_delay_seconds=10)

Written = list[tuple[datetime.datetime, dict[str, int]]]


def keeper(written: Written):  # type: ignore[no-untyped-def]
    def write(start: datetime.datetime, counts: dict[str, int]) -> None:
        written.append((start, counts))

    return write


def count(name: str, times: int, at: datetime.datetime) -> None:
    for _ in range(times):
        views.add(name, now=at)


def test_it_writes_a_closed_window_once_with_its_marker(db: None) -> None:
    count("17", 3, START)
    count("18", 2, START + datetime.timedelta(seconds=59))
    written: Written = []

    flushed = views.flush(keeper(written), now=START + MINUTE + datetime.timedelta(seconds=10))

    assert written == [(START, {"17": 3, "18": 2})]
    assert (flushed.windows, flushed.total) == (1, 5)
    marker = FlushedWindow.objects.get()
    assert (marker.counter, marker.window_start, marker.members, marker.total) == (
        "test-views",
        START,
        2,
        5,
    )
    assert cache.get(views.count_key(views.window_of(START), "17")) is None
    assert views.flush(keeper(written), now=START + 5 * MINUTE).windows == 0
    assert len(written) == 1


def test_it_leaves_the_open_window_and_one_within_the_delay(db: None) -> None:
    count("17", 1, START)
    count("17", 1, START + MINUTE)
    written: Written = []

    views.flush(keeper(written), now=START + MINUTE + datetime.timedelta(seconds=9))

    assert written == []
    views.flush(keeper(written), now=START + 2 * MINUTE + datetime.timedelta(seconds=10))
    assert written == [(START, {"17": 1}), (START + MINUTE, {"17": 1})]


def test_a_failed_write_keeps_the_counts_for_the_next_flush(db: None) -> None:
    count("17", 4, START)

    def broken(start: datetime.datetime, counts: dict[str, int]) -> None:
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        views.flush(broken, now=START + 2 * MINUTE)

    assert not FlushedWindow.objects.exists()
    written: Written = []
    views.flush(keeper(written), now=START + 3 * MINUTE)
    assert written == [(START, {"17": 4})]


class DiesAfterCommit(BufferedCounter):
    """A flush killed between its commit and deleting the window's keys."""

    def delete_window(self, window: int, slots: int, *, names: object) -> None:  # type: ignore[override]
        return None


def test_a_window_committed_before_a_crash_is_not_written_again(db: None) -> None:
    count("17", 4, START)
    dying = DiesAfterCommit("test-views", window_seconds=60, flush_delay_seconds=10)
    first: Written = []
    dying.flush(keeper(first), now=START + 2 * MINUTE)
    assert cache.get(views.count_key(views.window_of(START), "17")) == 4  # still buffered

    again: Written = []
    flushed = views.flush(keeper(again), now=START + 3 * MINUTE)

    assert first == [(START, {"17": 4})]
    assert again == []
    assert flushed.already_flushed == 1
    assert cache.get(views.count_key(views.window_of(START), "17")) is None


def test_counters_with_different_names_flush_apart(db: None) -> None:
    other = BufferedCounter("test-clicks")
    count("17", 2, START)
    other.add("17", now=START)
    written: Written = []

    views.flush(keeper(written), now=START + 2 * MINUTE)

    assert written == [(START, {"17": 2})]
    assert cache.get(other.count_key(other.window_of(START), "17")) == 1


def test_old_markers_are_deleted_once_no_key_can_remain(db: None) -> None:
    count("17", 1, START)
    views.flush(keeper([]), now=START + 2 * MINUTE)

    views.flush(keeper([]), now=START + datetime.timedelta(seconds=2 * views.keep_seconds))
    assert FlushedWindow.objects.count() == 1
    views.flush(keeper([]), now=START + datetime.timedelta(seconds=2 * views.keep_seconds + 60))
    assert not FlushedWindow.objects.exists()
