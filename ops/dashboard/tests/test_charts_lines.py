"""Series become polylines at the right coordinates: gaps split them, lone samples become dots."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any
from xml.etree import ElementTree as ET
from zoneinfo import ZoneInfo

import pytest

from ops.dashboard.charts import PALETTE, Point, Series, line_chart

SVG = "{http://www.w3.org/2000/svg}"
START = datetime(2026, 3, 9, 12, 0, tzinfo=UTC)
END = START + timedelta(hours=1)

type XY = tuple[float, float]


def chart(*series: Series, **options: Any) -> ET.Element:
    svg = line_chart(title="Requests", series=series, start=START, end=END, **options)
    return ET.fromstring(svg)  # noqa: S314 - our own output, parsed to prove it is well-formed


def minutes(*values: float | None) -> list[Point]:
    """One sample a minute from START."""
    return [(START + timedelta(minutes=i), value) for i, value in enumerate(values)]


def plot_area(root: ET.Element) -> tuple[float, float, float, float]:
    """x, y, width and height of the plot area, which a CSS-free <rect> marks out."""
    rect = root.find(f"{SVG}rect[@class='chart-plot']")
    assert rect is not None
    x, y, width, height = (float(rect.attrib[name]) for name in ("x", "y", "width", "height"))
    return x, y, width, height


def polylines(root: ET.Element) -> list[list[XY]]:
    return [
        [
            (float(x), float(y))
            for x, y in (pair.split(",") for pair in line.attrib["points"].split())
        ]
        for line in root.iter(f"{SVG}polyline")
    ]


def dots(root: ET.Element) -> list[XY]:
    return [(float(c.attrib["cx"]), float(c.attrib["cy"])) for c in root.iter(f"{SVG}circle")]


def near(points: Sequence[XY]) -> list[Any]:
    """``points`` to compare with rendered ones, which are rounded to two decimals."""
    return [pytest.approx(point, abs=0.01) for point in points]


def test_it_maps_start_to_the_left_edge_and_y_max_to_the_top() -> None:
    points = [(START, 0.0), (START + timedelta(minutes=30), 50.0), (END, 100.0)]
    root = chart(Series("requests", points), y_max=100)

    x, y, width, height = plot_area(root)
    (line,) = polylines(root)
    assert line == near([(x, y + height), (x + width / 2, y + height / 2), (x + width, y)])


def test_an_automatic_axis_tops_out_at_a_nice_ceiling_above_the_largest_value() -> None:
    root = chart(Series("requests", [(START, 100.0), (END, 130.0)]))

    x, y, width, height = plot_area(root)
    (line,) = polylines(root)
    assert line == near([(x, y + height / 2), (x + width, y + height * 0.35)])
    labels = [text.text for text in root.iter(f"{SVG}text") if text.get("class") == "chart-y-label"]
    assert labels == ["0", "50", "100", "150", "200"]


def test_it_splits_the_line_at_a_gap() -> None:
    root = chart(Series("requests", minutes(1, 2, None, 3, 4)))

    assert [len(line) for line in polylines(root)] == [2, 2]
    assert dots(root) == []


def test_it_draws_a_sample_with_no_neighbour_as_a_dot() -> None:
    root = chart(Series("requests", minutes(1, None, 2, 3, None, 4)), y_max=4)

    x, y, width, height = plot_area(root)
    assert [len(line) for line in polylines(root)] == [2]
    assert dots(root) == near([(x, y + height * 0.75), (x + width * 5 / 60, y)])


def test_a_single_point_is_a_visible_dot() -> None:
    root = chart(Series("requests", [(START + timedelta(minutes=15), 10.0)]), y_max=20)

    x, y, width, height = plot_area(root)
    assert polylines(root) == []
    assert dots(root) == near([(x + width / 4, y + height / 2)])
    (circle,) = root.iter(f"{SVG}circle")
    assert float(circle.attrib["r"]) >= 2


def test_it_drops_points_outside_the_window() -> None:
    points = [
        (START - timedelta(minutes=1), 99.0),
        (START, 1.0),
        (END, 2.0),
        (END + timedelta(seconds=1), 99.0),
    ]
    root = chart(Series("requests", points), y_max=2)

    x, y, width, height = plot_area(root)
    assert polylines(root) == [near([(x, y + height / 2), (x + width, y)])]


def test_it_draws_points_in_time_order_whatever_order_they_come_in() -> None:
    points = [(END, 2.0), (START, 1.0), (START + timedelta(minutes=30), 0.0)]
    root = chart(Series("requests", points), y_max=2)

    x, y, width, height = plot_area(root)
    assert polylines(root) == [
        near([(x, y + height / 2), (x + width / 2, y + height), (x + width, y)])
    ]


def test_it_places_points_by_their_instant_whatever_their_time_zone() -> None:
    points = [(START.astimezone(ZoneInfo("Asia/Tokyo")), 1.0), (END.astimezone(UTC), 1.0)]
    root = chart(Series("requests", points), y_max=2)

    x, y, width, height = plot_area(root)
    assert polylines(root) == [near([(x, y + height / 2), (x + width, y + height / 2)])]


def test_it_clamps_values_beyond_a_given_axis_to_its_edges() -> None:
    root = chart(Series("requests", minutes(-5, 500)), y_max=100)

    x, y, width, height = plot_area(root)
    assert polylines(root) == [near([(x, y + height), (x + width / 60, y)])]


def test_each_series_gets_its_own_class_and_a_default_colour() -> None:
    root = chart(Series("p50", minutes(1, 2)), Series("p95", minutes(3, 4)), unit="ms")

    groups = [g for g in root.iter(f"{SVG}g") if "chart-series" in g.get("class", "").split()]
    assert [g.attrib["class"] for g in groups] == [
        "chart-series chart-series-0",
        "chart-series chart-series-1",
    ]
    assert [g.attrib["stroke"] for g in groups] == list(PALETTE[:2])
    assert [line.attrib["fill"] for line in root.iter(f"{SVG}polyline")] == ["none", "none"]


def test_the_legend_names_every_series_even_one_with_no_data() -> None:
    root = chart(Series("p50", minutes(1, 2)), Series("p95", []), Series("p99", minutes(5)))

    legend = root.find(f"{SVG}g[@class='chart-legend']")
    assert legend is not None
    assert [text.text for text in legend.iter(f"{SVG}text")] == ["p50", "p95", "p99"]


def test_a_legend_too_wide_for_one_row_wraps_and_the_plot_makes_room() -> None:
    names = [f"worker queue number {i}" for i in range(8)]
    root = chart(*(Series(name, minutes(i, i + 1)) for i, name in enumerate(names)))

    legend = root.find(f"{SVG}g[@class='chart-legend']")
    assert legend is not None
    rows = {text.attrib["y"] for text in legend.iter(f"{SVG}text")}
    _, y, _, height = plot_area(root)
    assert len(rows) > 1
    assert min(float(row) for row in rows) > y + height
    assert max(float(row) for row in rows) <= float(root.attrib["height"])
