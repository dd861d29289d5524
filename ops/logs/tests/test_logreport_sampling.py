"""Past the per-route sample cap, percentiles come from a reservoir sample; counts stay exact."""

from __future__ import annotations

from datetime import timedelta

from ops.logs.report import LogAnalysis, ReportOptions, RequestRecord
from ops.logs.tests.requestlog import T0


def test_it_keeps_counts_exact_and_marks_sampled_percentiles() -> None:
    analysis = LogAnalysis(ReportOptions(sample_cap=100))
    for ms in range(1, 1001):
        moment = T0 + timedelta(seconds=ms)
        analysis.add(RequestRecord(timestamp=moment, status=200, duration_ms=float(ms), route="r"))

    [route] = analysis.report().routes

    assert (route.count, route.total_ms, route.sampled) == (1000, 500500.0, True)
    assert 350 <= route.p50 <= 650  # a uniform sample of 100 lands near the true 500
    assert route.p99 >= 900


def test_it_keeps_every_duration_below_the_cap() -> None:
    analysis = LogAnalysis(ReportOptions(sample_cap=100))
    for ms in range(1, 101):
        analysis.add(RequestRecord(timestamp=T0, status=200, duration_ms=float(ms), route="r"))

    [route] = analysis.report().routes

    assert (route.p50, route.p95, route.p99, route.sampled) == (50.0, 95.0, 99.0, False)
