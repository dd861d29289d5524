"""With nothing to draw the chart says "No data yet" instead of an empty grid."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from xml.etree import ElementTree as ET

import pytest

from ops.dashboard.charts import Series, line_chart

SVG = "{http://www.w3.org/2000/svg}"
START = datetime(2026, 3, 9, 12, 0, tzinfo=UTC)
END = START + timedelta(hours=1)


def chart(*series: Series) -> ET.Element:
    svg = line_chart(title="Queue lag", series=series, start=START, end=END, unit="s")
    return ET.fromstring(svg)  # noqa: S314 - our own output, parsed to prove it is well-formed


def message(root: ET.Element) -> list[str | None]:
    return [text.text for text in root.iter(f"{SVG}text") if text.get("class") == "chart-empty"]


@pytest.mark.parametrize(
    "series",
    [
        [],
        [Series("lag", [])],
        [Series("lag", []), Series("depth", [])],
        [Series("lag", [(START, None), (END, None)])],
        [Series("lag", [(START - timedelta(hours=2), 5.0), (END + timedelta(seconds=1), 5.0)])],
    ],
    ids=["no series", "no points", "no points anywhere", "only gaps", "only outside the window"],
)
def test_it_says_no_data_yet(series: list[Series]) -> None:
    root = chart(*series)

    assert message(root) == ["No data yet"]
    assert list(root.iter(f"{SVG}polyline")) == []
    assert list(root.iter(f"{SVG}circle")) == []
    assert root.find(f"{SVG}g[@class='chart-grid']") is None
    assert root.find(f"{SVG}g[@class='chart-legend']") is None


def test_it_keeps_the_title_and_the_time_axis_so_the_window_is_clear() -> None:
    root = chart(Series("lag", []))

    assert root.attrib["aria-label"] == "Queue lag"
    assert [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "chart-title"] == [
        "Queue lag"
    ]
    assert len([t for t in root.iter(f"{SVG}text") if t.get("class") == "chart-x-label"]) >= 4


def test_one_series_with_data_is_enough_to_draw() -> None:
    root = chart(Series("lag", []), Series("depth", [(START, 3.0)]))

    assert message(root) == []
    assert len(list(root.iter(f"{SVG}circle"))) == 1
