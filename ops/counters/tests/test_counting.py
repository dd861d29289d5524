"""Counting: one atomic ``incr`` per ``add``, a key per window, each name registered once."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache

from ops.counters.buffered import BufferedCounter

START = datetime.datetime(2026, 3, 1, 12, 0, tzinfo=datetime.UTC)
views = BufferedCounter("test-views")


def test_it_counts_each_name_apart_and_returns_the_count_so_far() -> None:
    assert [views.add("17", now=START) for _ in range(3)] == [1, 2, 3]
    assert views.add("18", amount=5, now=START) == 5

    window = views.window_of(START)
    assert cache.get(views.count_key(window, "17")) == 3
    assert cache.get(views.count_key(window, "18")) == 5


def test_it_registers_each_name_once_per_window() -> None:
    for _ in range(4):
        views.add("17", now=START)
    views.add("18", now=START + datetime.timedelta(seconds=30))
    window = views.window_of(START)

    assert views.names_in(window, cache.get(views.slots_key(window))) == {1: "17", 2: "18"}


def test_a_new_window_starts_a_fresh_count() -> None:
    views.add("17", now=START)
    next_minute = START + datetime.timedelta(minutes=1)

    assert views.add("17", now=next_minute) == 1
    assert cache.get(views.slots_key(views.window_of(next_minute))) == 1


@pytest.mark.parametrize("name", ["", "x" * 201])
def test_it_refuses_an_empty_or_overlong_name(name: str) -> None:
    with pytest.raises(ValueError, match="1 to 200 characters"):
        views.add(name, now=START)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"counter": "a:b"}, "without ':'"),
        ({"counter": "x", "window_seconds": 7}, "divide a day"),
        ({"counter": "x", "flush_delay_seconds": -1}, "negative"),
        ({"counter": "x", "keep_windows": 1}, "cover two windows"),
    ],
)
def test_it_refuses_a_counter_it_could_not_flush_exactly(
    fields: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        BufferedCounter(**fields)  # type: ignore[arg-type]
