"""The SVG is well-formed XML that a strict CSP allows, escapes every caller string and never
prints NaN or infinity, whatever the data."""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime, timedelta
from typing import Any
from xml.etree import ElementTree as ET

import pytest

from ops.dashboard.charts import Series, line_chart

SVG = "{http://www.w3.org/2000/svg}"
START = datetime(2026, 3, 9, 12, 0, tzinfo=UTC)
END = START + timedelta(hours=1)
HOSTILE = "<script>alert(1)</script>"


def render(*series: Series, **options: Any) -> str:
    options = {"title": "Errors", "start": START, "end": END, **options}
    return str(line_chart(series=series, **options))


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output, parsed to prove it is well-formed


def busy() -> list[Series]:
    """Every kind of element the chart can draw: lines, a dot, a legend."""
    points = [(START + timedelta(minutes=i), float(i)) for i in range(10)]
    return [Series("lines", points), Series("dot", [(START, 1.0)])]


@pytest.mark.parametrize("series", [busy(), []], ids=["with data", "empty"])
def test_it_uses_no_inline_style_or_script_anywhere(series: list[Series]) -> None:
    svg = render(*series, unit="%")

    root = parse(svg)
    for element in root.iter():
        assert element.tag.removeprefix(SVG) not in {"style", "script", "foreignObject"}
        assert "style" not in element.attrib
        assert not any(name.startswith("on") for name in element.attrib)
    assert "style=" not in svg
    assert "<script" not in svg
    assert "javascript:" not in svg


def test_it_draws_without_css_using_presentation_attributes() -> None:
    root = parse(render(*busy()))

    assert root.attrib["fill"] == "currentColor"
    for group in root.iter(f"{SVG}g"):
        if "chart-series" in group.get("class", "").split():
            assert group.attrib["stroke"].startswith("#")


def test_it_escapes_a_hostile_series_name() -> None:
    svg = render(Series(HOSTILE, [(START, 1.0), (END, 2.0)]))

    assert "<script" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    legend = parse(svg).find(f"{SVG}g[@class='chart-legend']")
    assert legend is not None
    assert [text.text for text in legend.iter(f"{SVG}text")] == [HOSTILE]


def test_it_escapes_a_hostile_title_in_the_text_and_the_accessible_name() -> None:
    title = f'" onload="alert(1)" x="{HOSTILE} & more'
    svg = render(*busy(), title=title)

    root = parse(svg)
    assert set(root.attrib) == {
        "class", "width", "height", "viewBox", "role", "aria-label", "font-family",
        "font-size", "fill",
    }  # fmt: skip
    assert root.attrib["role"] == "img"
    assert root.attrib["aria-label"] == title
    assert root[0].tag == f"{SVG}title"
    assert root[0].text == title
    assert "<script" not in svg


def test_it_escapes_a_hostile_unit() -> None:
    svg = render(*busy(), unit='<b>"ms" & co</b>')

    assert "<b>" not in svg
    labels = [t.text for t in parse(svg).iter(f"{SVG}text") if t.get("class") == "chart-y-label"]
    assert labels[0] == '0 <b>"ms" & co</b>'


def test_it_drops_characters_xml_forbids_from_names() -> None:
    svg = render(Series("bad\x00 \x1b[31mname\ud800\ufffe", [(START, 1.0), (END, 2.0)]))

    legend = parse(svg).find(f"{SVG}g[@class='chart-legend']")
    assert legend is not None
    assert [text.text for text in legend.iter(f"{SVG}text")] == ["bad [31mname"]
    svg.encode()  # no lone surrogate left to break the response


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, 1e308, 10**400])
def test_it_treats_nan_infinity_and_absurd_values_as_gaps(bad: float) -> None:
    points = [(START + timedelta(minutes=i), v) for i, v in enumerate([1.0, 2.0, bad, 3.0, 4.0])]
    svg = render(Series("requests", points))

    root = parse(svg)
    assert len(list(root.iter(f"{SVG}polyline"))) == 2
    assert not re.search(r"nan|inf", svg, re.IGNORECASE)
    labels = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "chart-y-label"]
    assert labels[-1] == "5"


def test_a_series_of_nothing_but_nan_is_the_empty_state() -> None:
    svg = render(Series("requests", [(START, math.nan), (END, math.nan)]))

    assert "No data yet" in svg
    assert not re.search(r"nan|inf", svg, re.IGNORECASE)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"start": START.replace(tzinfo=None)}, "timezone-aware"),
        ({"end": START}, "end must be after start"),
        ({"y_min": math.nan}, "y_min must be a finite number"),
        ({"y_max": math.inf}, "y_max must be a finite number"),
        ({"y_min": 5, "y_max": 5}, "y_max must be above y_min"),
        ({"width": 60}, "leaves no room"),
        ({"height": 40}, "leaves no room"),
    ],
)
def test_it_refuses_nonsense_arguments(options: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        render(*busy(), **options)


def test_it_refuses_a_naive_point_rather_than_guess_its_zone() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        render(Series("requests", [(START.replace(tzinfo=None), 1.0)]))
