"""Server-rendered SVG line charts for the staff ops dashboard: time series as inline ``<svg>``.

The dashboard plots per-minute rollups (requests per minute, latency percentiles, error rate,
task queue depth and lag, cache hit ratio) over the last hour, day or week.  Drawing them on the
server keeps the page free of a JavaScript charting library, and of script altogether, which
matters because the page runs under a strict Content-Security-Policy: no inline ``style``
attributes, no ``<style>`` or ``<script>`` elements.  So every visual property here is an SVG
presentation attribute (``stroke``, ``fill``, ``font-size``, ``text-anchor`` ...), which renders
with no CSS at all, and every element also carries a ``chart-...`` class (``chart-series-0`` ...
for the lines) that a stylesheet may use to restyle it; CSS wins over presentation attributes.
Text and gridlines use ``currentColor``, so they follow the page's text colour (dark mode too).

- ``line_chart`` returns a ``SafeString`` for ``{{ chart }}`` in a template.  Every piece of
  caller text (title, series names, unit) is escaped here and stripped of characters XML
  forbids, so the output is safe HTML and also well-formed XML.
- The x axis is positioned on UTC instants, so a daylight-saving change cannot bend it; tick
  labels are wall-clock times in ``start``'s time zone (pass ``timezone.localtime(...)``), HH:MM,
  with a day label ("Mon 14") wherever a tick falls on midnight, so long spans read as days.
- ``None``, NaN and infinities are gaps: a series becomes several ``<polyline>``s, and a sample
  with no neighbour on either side is drawn as a ``<circle>`` so a lone point is still visible.
  Missing samples are not guessed from the timestamps: the caller marks them with ``None``.
- The y axis runs from ``y_min`` to a "nice" ceiling (1, 2, 2.5 or 5 x 10^n above ``y_min``)
  unless ``y_max`` is given; values beyond the axis are clamped to its edge rather than drawn
  outside the plot (a clip path would need an id unique in the page).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

EMPTY_MESSAGE = "No data yet"
# Okabe-Ito colours without the yellow: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#d55e00", "#cc79a7", "#56b4e9", "#000000")

_FONT_SIZE = 11
_TITLE_FONT_SIZE = 13
_CHAR_WIDTH = 6.5  # a generous average advance of an 11px sans-serif glyph, to lay out labels
_TOP = 30  # the title's band above the plot
_RIGHT = 24  # room for half of a time label centred on the plot's right edge
_MIN_LEFT = 36
_X_AXIS_BAND = 24  # tick marks and time labels under the plot
_LEGEND_ROW = 16
_LEGEND_SWATCH = 14
_LEGEND_GAP = 16
_MIN_TICK_SPACING = 64  # px per time label, so "Mon 14" labels never touch
_MAX_TIME_TICKS = 8
_DOT_RADIUS = 2.5
# Values beyond this are nonsense for any metric, and dropping them keeps all arithmetic finite.
_LARGEST = 1e300
_WEEK = timedelta(days=7)
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_TIME_STEPS = (
    *(timedelta(minutes=minutes) for minutes in (1, 2, 5, 10, 15, 30)),
    *(timedelta(hours=hours) for hours in (1, 2, 3, 6, 12)),
    *(timedelta(days=days) for days in (1, 2, 7, 14, 28)),
)
_SUFFIXES = ((1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k"))
_NICE_MANTISSAS = (1.0, 2.0, 2.5, 5.0)
# Characters XML 1.0 does not allow (most C0 controls, lone surrogates, U+FFFE/U+FFFF).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


# A sample: when, and the value then (None for "no data", which breaks the line).
type Point = tuple[datetime, float | None]


@dataclass(frozen=True)
class Series:
    """One named line: (moment, value) samples; a value of None (or NaN) is a gap in the line."""

    name: str
    points: Sequence[Point]


@dataclass(frozen=True)
class _Plot:
    """The plot area inside the SVG, in px, and the data ranges it maps."""

    left: float
    top: float
    right: float
    bottom: float
    seconds: float
    low: float
    high: float

    def x(self, seconds: float) -> float:
        return self.left + seconds / self.seconds * (self.right - self.left)

    def y(self, value: float) -> float:
        clamped = min(max(value, self.low), self.high)
        share = (clamped - self.low) / (self.high - self.low)
        return self.bottom - share * (self.bottom - self.top)


# A run is an unbroken stretch of a series: (seconds after start, value) pairs.
type _Run = list[tuple[float, float]]


def line_chart(
    *,
    title: str,
    series: Sequence[Series],
    start: datetime,
    end: datetime,
    unit: str = "",
    width: int = 720,
    height: int = 220,
    y_min: float = 0.0,
    y_max: float | None = None,
) -> SafeString:
    """An inline ``<svg>`` line chart of ``series`` between ``start`` and ``end``.

    ``unit`` is appended to the y labels ("ms", "s", "%"; "%" labels keep one decimal).  The y
    axis runs from ``y_min`` to ``y_max``, or to a nice ceiling above the largest value shown.
    Samples outside [start, end] are dropped.  With nothing to draw the chart says
    "No data yet".  Raises ValueError for naive datetimes, an empty window, a non-finite or
    inverted y range, or a size that leaves no room for the plot.
    """
    start_utc, end_utc = _utc(start, "start"), _utc(end, "end")
    if end_utc <= start_utc:
        raise ValueError("end must be after start")
    _check_bound(y_min, "y_min")
    if y_max is not None:
        _check_bound(y_max, "y_max")
        if y_max <= y_min:
            raise ValueError("y_max must be above y_min")
    runs = [_runs(one.points, start_utc, end_utc) for one in series]
    values = [value for lines in runs for run in lines for _, value in run]
    if y_max is not None:
        high = y_max
    elif values:
        high = _auto_top(y_min, max(values))
    else:
        high = y_min + 1.0
    y_ticks = value_ticks(y_min, high) if values else []
    y_labels = [format_value(tick, unit) for tick in y_ticks]
    longest = max((len(label) for label in y_labels), default=0)
    left = max(_MIN_LEFT, math.ceil(longest * _CHAR_WIDTH) + 12)
    names = [one.name for one in series] if values else []
    legend = _legend_layout(names, left, width - _RIGHT)
    rows = max((row for _, row in legend), default=-1) + 1
    plot = _Plot(
        left=left,
        top=_TOP,
        right=width - _RIGHT,
        bottom=height - _X_AXIS_BAND - rows * _LEGEND_ROW - (4 if rows else 0),
        seconds=(end_utc - start_utc).total_seconds(),
        low=y_min,
        high=high,
    )
    if plot.right - plot.left < 40 or plot.bottom - plot.top < 20:
        raise ValueError(f"a {width}x{height} chart leaves no room for the plot")
    max_ticks = min(_MAX_TIME_TICKS, max(2, int((plot.right - plot.left) // _MIN_TICK_SPACING)))
    ticks = time_ticks(start, end, max_ticks=max_ticks)

    parts = _open(title, width, height)
    parts += _plot_area(plot)
    parts += _value_axis(plot, y_ticks, y_labels)
    parts += _time_axis(plot, ticks, start_utc)
    if values:
        for index, lines in enumerate(runs):
            parts += _series(plot, index, lines)
        parts += _legend(names, legend, plot.bottom + _X_AXIS_BAND + 4)
    else:
        parts += _empty(plot)
    parts.append("</svg>")
    # Every caller-supplied string above went through _text(); the rest is our own markup.
    return mark_safe("\n".join(parts))  # noqa: S308


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 x 10^n at or above a positive ``value``.

    Values within float noise of a nice number round to it (so 0.1 * 3 gives 0.5, not 1).

    >>> [nice_ceiling(v) for v in (0.7, 1, 1.3, 2.2, 3, 7, 130, 0.0042, 0.30000000000000004)]
    [1.0, 1.0, 2.0, 2.5, 5.0, 10.0, 200.0, 0.005, 0.5]
    """
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"nice_ceiling needs a positive finite value, not {value!r}")
    exponent = math.floor(math.log10(value))
    for power in (exponent - 1, exponent, exponent + 1):
        for mantissa in _NICE_MANTISSAS:
            # Parsed, not multiplied: "2.5e-3" is the double nearest 0.0025, 2.5 * 0.001 is not.
            candidate = float(f"{mantissa}e{power}")
            if candidate >= value * (1 - 1e-9):
                if math.isinf(candidate):
                    raise ValueError(f"no float is a nice ceiling of {value!r}")
                return candidate
    raise AssertionError("unreachable: 10^(exponent + 1) is always above value")


def value_ticks(low: float, high: float) -> list[float]:
    """Gridline values: ``low`` and then a nice step (1, 2, 2.5, 5 x 10^n) up to ``high``.

    The step is the finest that gives at most six values; a ladder of nice steps is never more
    than twice as coarse from one rung to the next, so there are always at least four.

    >>> value_ticks(0, 100)
    [0.0, 20.0, 40.0, 60.0, 80.0, 100.0]
    >>> value_ticks(0, 2)
    [0.0, 0.5, 1.0, 1.5, 2.0]
    >>> value_ticks(90, 100)
    [90.0, 92.0, 94.0, 96.0, 98.0, 100.0]
    >>> value_ticks(0, 0.3)
    [0.0, 0.1, 0.2, 0.3]
    """
    if not (math.isfinite(low) and math.isfinite(high) and high > low):
        raise ValueError(f"value_ticks needs finite low < high, not {low!r}, {high!r}")
    span = high - low
    # Strictly more than span / 6, so that span / step < 6: at most five intervals.
    step = nice_ceiling(span / 6 * (1 + 1e-6))
    intervals = math.floor(span / step * (1 + 1e-9))
    return [float(f"{low + index * step:.12g}") for index in range(intervals + 1)]


def format_value(value: float, unit: str = "") -> str:
    """A short label for ``value``: three significant digits, k/M/G/T above a thousand.

    A "%" unit keeps one decimal and sticks to the number; other units follow a space.

    >>> format_value(0), format_value(0.25), format_value(12.34), format_value(250, "ms")
    ('0', '0.25', '12.3', '250 ms')
    >>> format_value(1234), format_value(2000), format_value(3_456_789, "req/min")
    ('1.2k', '2k', '3.5M req/min')
    >>> format_value(12.345, "%"), format_value(100, "%"), format_value(-0.01, "%")
    ('12.3%', '100.0%', '0.0%')
    """
    if unit == "%":
        text = f"{value:.1f}"
        return ("0.0" if text == "-0.0" else text) + "%"
    rounded = float(f"{value:.3g}") or 0.0  # "or": -0.0 is falsy, and must not print as "-0"
    for threshold, suffix in _SUFFIXES:
        if abs(rounded) >= threshold:
            number = f"{rounded / threshold:.1f}".removesuffix(".0") + suffix
            break
    else:
        number = f"{rounded:g}"
    return f"{number} {unit}" if unit else number


def time_ticks(
    start: datetime, end: datetime, *, max_ticks: int = _MAX_TIME_TICKS
) -> list[datetime]:
    """Round moments in [start, end] to label a time axis, in ``start``'s time zone.

    The step is the finest of 1, 2, 5, 10, 15, 30 minutes, 1, 2, 3, 6, 12 hours, 1, 2 days or
    1, 2, 4 weeks that gives at most ``max_ticks``; ticks sit on whole wall-clock multiples of
    it counted from midnight (from Monday's midnight for weeks).  A window shorter than the
    smallest step may get none.

    >>> now = datetime(2026, 3, 9, 13, 7, tzinfo=UTC)
    >>> [f"{tick:%H:%M}" for tick in time_ticks(now - timedelta(hours=1), now)]
    ['12:10', '12:20', '12:30', '12:40', '12:50', '13:00']
    >>> [f"{tick:%a %d}" for tick in time_ticks(now - timedelta(days=7), now)]
    ['Tue 03', 'Wed 04', 'Thu 05', 'Fri 06', 'Sat 07', 'Sun 08', 'Mon 09']
    """
    if max_ticks < 1:
        raise ValueError("max_ticks must be at least 1")
    span = _utc(end, "end") - _utc(start, "start")
    for step in _TIME_STEPS:
        if span / step >= max_ticks + 1:  # at least max_ticks + 1 ticks, whatever the alignment
            continue
        ticks = _ticks_every(step, start, end)
        if len(ticks) <= max_ticks:
            return ticks
    ticks = _ticks_every(_TIME_STEPS[-1], start, end)
    return ticks[:: max(1, math.ceil(len(ticks) / max_ticks))]


def _ticks_every(step: timedelta, start: datetime, end: datetime) -> list[datetime]:
    zone = start.tzinfo
    wall = start.replace(tzinfo=None)
    midnight = wall.replace(hour=0, minute=0, second=0, microsecond=0)
    origin = midnight - timedelta(days=midnight.weekday()) if step >= _WEEK else midnight
    moment = origin + step * -((origin - wall) // step)  # the first multiple of step at or after
    start_utc, end_utc = start.astimezone(UTC), end.astimezone(UTC)
    ticks: list[datetime] = []
    previous: datetime | None = None
    while True:
        # Round trip through UTC so a wall time that a DST change skipped gets a true label.
        tick = moment.replace(tzinfo=zone).astimezone(UTC)
        if tick > end_utc:
            return ticks
        if tick >= start_utc and tick != previous:
            ticks.append(tick.astimezone(zone))
            previous = tick
        moment += step


def _time_label(moment: datetime) -> str:
    if moment.hour == 0 and moment.minute == 0:
        return f"{_WEEKDAYS[moment.weekday()]} {moment.day}"
    return f"{moment:%H:%M}"


def _utc(moment: datetime, what: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{what} must be a timezone-aware datetime, not {moment!r}")
    return moment.astimezone(UTC)


def _check_bound(value: float, name: str) -> None:
    if not (math.isfinite(value) and abs(value) <= _LARGEST):
        raise ValueError(f"{name} must be a finite number, not {value!r}")


def _auto_top(low: float, largest: float) -> float:
    return low + nice_ceiling(largest - low) if largest > low else low + 1.0


def _runs(points: Sequence[Point], start: datetime, end: datetime) -> list[_Run]:
    """The unbroken stretches of a series inside [start, end], in time order."""
    samples = sorted(
        ((_utc(moment, "a point's time"), value) for moment, value in points), key=_first
    )
    runs: list[_Run] = []
    current: _Run = []
    for moment, value in samples:
        if moment < start or moment > end:
            continue
        # abs() first: math.isfinite would overflow on an enormous int.
        if value is None or abs(value) > _LARGEST or not math.isfinite(value):
            if current:
                runs.append(current)
                current = []
            continue
        current.append(((moment - start).total_seconds(), float(value)))
    if current:
        runs.append(current)
    return runs


def _first(sample: Point) -> datetime:
    return sample[0]


def _legend_layout(names: Sequence[str], left: float, right: float) -> list[tuple[float, int]]:
    """(x, row) for each legend entry, wrapping onto a new row when the next would overflow."""
    layout: list[tuple[float, int]] = []
    x, row = left, 0
    for name in names:
        entry = _LEGEND_SWATCH + 4 + len(name) * _CHAR_WIDTH
        if x > left and x + entry > right:
            x, row = left, row + 1
        layout.append((x, row))
        x += entry + _LEGEND_GAP
    return layout


def _text(value: str) -> str:
    """Caller text, safe inside an element or a double-quoted attribute, in HTML and XML."""
    return str(escape(_NOT_XML.sub("", value)))


def _n(number: float) -> str:
    """A coordinate with at most two decimals: "12.5", not "12.500000001"."""
    text = f"{number:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _open(title: str, width: int, height: int) -> list[str]:
    label = _text(title)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" aria-label="{label}" '
        f'font-family="system-ui, sans-serif" font-size="{_FONT_SIZE}" fill="currentColor">',
        f"<title>{label}</title>",
        f'<text class="chart-title" x="4" y="{_TOP - 12}" font-size="{_TITLE_FONT_SIZE}" '
        f'font-weight="600">{label}</text>',
    ]


def _plot_area(plot: _Plot) -> list[str]:
    # Invisible by default; there so a stylesheet can give the plot a background.
    return [
        f'<rect class="chart-plot" x="{_n(plot.left)}" y="{_n(plot.top)}" '
        f'width="{_n(plot.right - plot.left)}" height="{_n(plot.bottom - plot.top)}" '
        'fill="none" stroke="none"/>'
    ]


def _value_axis(plot: _Plot, ticks: Sequence[float], labels: Sequence[str]) -> list[str]:
    if not ticks:
        return []
    parts = ['<g class="chart-grid" stroke="currentColor" stroke-opacity="0.15" stroke-width="1">']
    for tick in ticks:
        y = _n(plot.y(tick))
        parts.append(f'<line x1="{_n(plot.left)}" y1="{y}" x2="{_n(plot.right)}" y2="{y}"/>')
    parts.append("</g>")
    parts.append('<g class="chart-y-labels" text-anchor="end" fill-opacity="0.75">')
    for tick, label in zip(ticks, labels, strict=True):
        parts.append(
            f'<text class="chart-y-label" x="{_n(plot.left - 6)}" '
            f'y="{_n(plot.y(tick) + 4)}">{_text(label)}</text>'
        )
    parts.append("</g>")
    return parts


def _time_axis(plot: _Plot, ticks: Sequence[datetime], start: datetime) -> list[str]:
    bottom = _n(plot.bottom)
    parts = [
        f'<line class="chart-axis" x1="{_n(plot.left)}" y1="{bottom}" x2="{_n(plot.right)}" '
        f'y2="{bottom}" stroke="currentColor" stroke-opacity="0.5" stroke-width="1"/>',
        '<g class="chart-x-labels" text-anchor="middle" fill-opacity="0.75">',
    ]
    for tick in ticks:
        x = _n(plot.x((tick - start).total_seconds()))
        parts.append(
            f'<line x1="{x}" y1="{bottom}" x2="{x}" y2="{_n(plot.bottom + 4)}" '
            'stroke="currentColor" stroke-opacity="0.5"/>'
        )
        parts.append(
            f'<text class="chart-x-label" x="{x}" y="{_n(plot.bottom + 16)}">'
            f"{_text(_time_label(tick))}</text>"
        )
    parts.append("</g>")
    return parts


def _series(plot: _Plot, index: int, runs: Sequence[_Run]) -> list[str]:
    colour = PALETTE[index % len(PALETTE)]
    # The group's fill colours the dots; each polyline says fill="none" for itself.
    parts = [
        f'<g class="chart-series chart-series-{index}" stroke="{colour}" fill="{colour}" '
        'stroke-width="1.5" stroke-linejoin="round" stroke-linecap="round">'
    ]
    for run in runs:
        if len(run) == 1:
            (seconds, value) = run[0]
            parts.append(
                f'<circle cx="{_n(plot.x(seconds))}" cy="{_n(plot.y(value))}" r="{_DOT_RADIUS}"/>'
            )
        else:
            points = " ".join(f"{_n(plot.x(s))},{_n(plot.y(v))}" for s, v in run)
            parts.append(f'<polyline fill="none" points="{points}"/>')
    parts.append("</g>")
    return parts


def _legend(names: Sequence[str], layout: Sequence[tuple[float, int]], top: float) -> list[str]:
    parts = ['<g class="chart-legend">']
    for index, (name, (x, row)) in enumerate(zip(names, layout, strict=True)):
        colour = PALETTE[index % len(PALETTE)]
        y = top + row * _LEGEND_ROW + 8
        parts.append(
            f'<g class="chart-legend-item chart-series-{index}" stroke="{colour}" fill="{colour}">'
            f'<line x1="{_n(x)}" y1="{_n(y - 4)}" x2="{_n(x + _LEGEND_SWATCH)}" y2="{_n(y - 4)}" '
            'stroke-width="2"/>'
            f'<text x="{_n(x + _LEGEND_SWATCH + 4)}" y="{_n(y)}" stroke="none" '
            f'fill="currentColor">{_text(name)}</text></g>'
        )
    parts.append("</g>")
    return parts


def _empty(plot: _Plot) -> list[str]:
    return [
        f'<text class="chart-empty" x="{_n((plot.left + plot.right) / 2)}" '
        f'y="{_n((plot.top + plot.bottom) / 2)}" text-anchor="middle" fill-opacity="0.6">'
        f"{EMPTY_MESSAGE}</text>"
    ]
