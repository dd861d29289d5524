"""Axes a reader can trust: nice round y gridlines with compact labels, and 4-8 time labels on
round wall-clock times (HH:MM, or "Mon 14" on a day's midnight) for an hour, a day or a week."""

from __future__ import annotations

import itertools
import math
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from xml.etree import ElementTree as ET
from zoneinfo import ZoneInfo

import pytest

from ops.dashboard.charts import (
    Series,
    format_value,
    line_chart,
    nice_ceiling,
    time_ticks,
    value_ticks,
)

SVG = "{http://www.w3.org/2000/svg}"
NOW = datetime(2026, 3, 11, 14, 37, 12, tzinfo=UTC)  # a Wednesday
LONDON = ZoneInfo("Europe/London")


def labels(start: datetime, end: datetime, **options: Any) -> dict[str, list[str]]:
    """The y and x labels of a chart of one series from start to end."""
    points = [(start, 1.0), (end, 2.0)]
    svg = line_chart(title="t", series=[Series("s", points)], start=start, end=end, **options)
    root = ET.fromstring(svg)  # noqa: S314 - our own output, parsed to prove it is well-formed
    found: dict[str, list[str]] = {"chart-y-label": [], "chart-x-label": []}
    for text in root.iter(f"{SVG}text"):
        if text.get("class") in found:
            found[text.attrib["class"]].append(text.text or "")
    return {"y": found["chart-y-label"], "x": found["chart-x-label"]}


@pytest.mark.parametrize(
    ("value", "nice"),
    [
        (1, 1),
        (1.01, 2),
        (2, 2),
        (2.1, 2.5),
        (2.6, 5),
        (5.1, 10),
        (99, 100),
        (101, 200),
        (240, 250),
        (0.03, 0.05),
        (0.0042, 0.005),
        (7.5e6, 1e7),
    ],
)
def test_nice_ceiling_rounds_up_to_1_2_2_5_or_5_times_a_power_of_ten(
    value: float, nice: float
) -> None:
    assert nice_ceiling(value) == nice


@pytest.mark.parametrize("value", [0, -1, math.nan, math.inf, 1.7e308])
def test_nice_ceiling_refuses_what_has_no_nice_ceiling(value: float) -> None:
    with pytest.raises(ValueError, match=r"nice ceiling|positive finite"):
        nice_ceiling(value)


@pytest.mark.parametrize("low", [0.0, 90.0, -50.0])
def test_value_ticks_are_four_to_six_evenly_spaced_round_values(low: float) -> None:
    for exponent in range(-3, 8):
        for mantissa in (1, 1.2, 1.5, 2, 2.5, 3, 3.7, 4, 5, 6, 7.5, 9.9):
            span = mantissa * 10.0**exponent
            ticks = value_ticks(low, low + span)

            assert 4 <= len(ticks) <= 6, (span, ticks)
            assert ticks[0] == low
            assert ticks[-1] <= low + span * (1 + 1e-9)
            steps = [b - a for a, b in itertools.pairwise(ticks)]
            assert steps == pytest.approx([steps[0]] * len(steps), rel=1e-5), (span, ticks)
            assert nice_ceiling(steps[0]) == pytest.approx(steps[0], rel=1e-5), (span, ticks)


def test_an_automatic_axis_ends_on_a_gridline() -> None:
    for largest in (0.7, 3, 42, 130, 999, 1001, 123_456):
        ticks = value_ticks(0, nice_ceiling(largest))
        assert ticks[-1] == nice_ceiling(largest)


@pytest.mark.parametrize(
    ("value", "unit", "label"),
    [
        (0, "", "0"),
        (-0.0, "", "0"),
        (0.2, "", "0.2"),
        (0.25, "s", "0.25 s"),
        (12.34, "ms", "12.3 ms"),
        (250, "ms", "250 ms"),
        (999, "", "999"),
        (1000, "", "1k"),
        (1234, "", "1.2k"),
        (1500, "req/min", "1.5k req/min"),
        (999_999, "", "1M"),
        (3_456_789, "", "3.5M"),
        (2.5e9, "", "2.5G"),
        (-1200, "", "-1.2k"),
        (12.345, "%", "12.3%"),
        (0, "%", "0.0%"),
        (100, "%", "100.0%"),
        (-0.01, "%", "0.0%"),
    ],
)
def test_format_value_is_compact_and_keeps_one_decimal_for_percentages(
    value: float, unit: str, label: str
) -> None:
    assert format_value(value, unit) == label


def test_the_y_axis_is_labelled_with_the_unit() -> None:
    assert labels(NOW - timedelta(hours=1), NOW, unit="%", y_max=100)["y"] == [
        "0.0%", "20.0%", "40.0%", "60.0%", "80.0%", "100.0%",
    ]  # fmt: skip
    assert labels(NOW - timedelta(hours=1), NOW, unit="ms", y_min=0, y_max=2500)["y"] == [
        "0 ms", "500 ms", "1k ms", "1.5k ms", "2k ms", "2.5k ms",
    ]  # fmt: skip


def test_the_last_hour_is_labelled_every_ten_minutes() -> None:
    assert labels(NOW - timedelta(hours=1), NOW)["x"] == [
        "13:40", "13:50", "14:00", "14:10", "14:20", "14:30",
    ]  # fmt: skip


def test_the_last_day_is_labelled_every_three_hours_with_the_day_at_midnight() -> None:
    assert labels(NOW - timedelta(days=1), NOW)["x"] == [
        "15:00", "18:00", "21:00", "Wed 11", "03:00", "06:00", "09:00", "12:00",
    ]  # fmt: skip


def test_the_last_week_is_labelled_by_day() -> None:
    assert labels(NOW - timedelta(days=7), NOW)["x"] == [
        "Thu 5", "Fri 6", "Sat 7", "Sun 8", "Mon 9", "Tue 10", "Wed 11",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "span",
    [timedelta(minutes=5), timedelta(hours=1), timedelta(hours=6), timedelta(days=1),
     timedelta(days=2), timedelta(days=7), timedelta(days=14)],
)  # fmt: skip
@pytest.mark.parametrize("end", [NOW, NOW.replace(minute=0, second=0)], ids=["odd", "round"])
def test_there_are_four_to_eight_time_labels(span: timedelta, end: datetime) -> None:
    ticks = time_ticks(end - span, end)

    assert 4 <= len(ticks) <= 8
    assert all(end - span <= tick <= end for tick in ticks)
    assert ticks == sorted(ticks)


def test_spans_up_to_two_days_show_clock_times_and_longer_ones_days() -> None:
    two_days = labels(NOW - timedelta(days=2), NOW)["x"]
    three_days_plus = labels(NOW - timedelta(days=7), NOW)["x"]

    assert sum(":" in label for label in two_days) > len(two_days) / 2
    assert all(":" not in label for label in three_days_plus)


def test_labels_are_wall_clock_times_in_the_zone_of_start() -> None:
    kolkata = timezone(timedelta(hours=5, minutes=30))
    start = (NOW - timedelta(hours=1)).astimezone(kolkata)

    assert labels(start, NOW)["x"] == ["19:10", "19:20", "19:30", "19:40", "19:50", "20:00"]


def test_ticks_stay_in_order_and_truthful_across_a_dst_change() -> None:
    start = datetime(2026, 3, 28, 12, tzinfo=LONDON)  # clocks go forward at 01:00 on the 29th
    end = datetime(2026, 3, 30, 12, tzinfo=LONDON)

    ticks = time_ticks(start, end)
    assert [f"{tick:%d %H:%M %z}" for tick in ticks] == [
        "28 12:00 +0000", "29 00:00 +0000", "29 12:00 +0100", "30 00:00 +0100", "30 12:00 +0100",
    ]  # fmt: skip
    assert labels(start, end)["x"] == ["12:00", "Sun 29", "12:00", "Mon 30", "12:00"]
    instants = [tick.astimezone(UTC) for tick in ticks]  # aware "-" in one zone is wall-clock
    gaps = [b - a for a, b in itertools.pairwise(instants)]
    assert gaps == [
        timedelta(hours=12),
        timedelta(hours=11),
        timedelta(hours=12),
        timedelta(hours=12),
    ]


def test_a_skipped_wall_time_is_labelled_with_the_time_it_became() -> None:
    start = datetime(2026, 3, 29, 0, 30, tzinfo=LONDON)
    end = datetime(2026, 3, 29, 2, 30, tzinfo=LONDON)  # one real hour

    ticks = time_ticks(start, end)
    assert [f"{tick:%H:%M}" for tick in ticks] == [
        "00:30", "00:40", "00:50", "02:00", "02:10", "02:20", "02:30",
    ]  # fmt: skip
    instants = [tick.astimezone(UTC) for tick in ticks]
    assert all(b - a == timedelta(minutes=10) for a, b in itertools.pairwise(instants))


def test_a_narrow_chart_gets_fewer_time_labels() -> None:
    wide = labels(NOW - timedelta(days=1), NOW)["x"]
    narrow = labels(NOW - timedelta(days=1), NOW, width=360)["x"]

    assert len(narrow) < len(wide)
    assert len(narrow) >= 4
