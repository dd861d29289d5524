"""A request over SLOW_REQUEST_MS is logged at WARNING with its slowest queries."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from ops.logs.tests.capture import captured_log

pytestmark = [pytest.mark.urls("ops.telemetry.tests.views"), pytest.mark.django_db]


@override_settings(SLOW_REQUEST_MS=20)
def test_it_logs_a_slow_request_with_its_slowest_queries() -> None:
    with captured_log() as log:
        Client().get("/telemetry/slow/")

    (line,) = log.events("request")
    assert line["level"] == "warning"
    assert line["slow"] is True
    (query,) = line["slow_queries"]
    assert query["sql"].startswith("SELECT COUNT(*)")
    assert query["ms"] >= 0


@override_settings(SLOW_REQUEST_MS=20)
def test_it_ranks_the_slowest_queries_first_and_keeps_five() -> None:
    with override_settings(SLOW_REQUEST_MS=1), captured_log() as log:
        Client().get("/telemetry/known/")

    (line,) = log.events("request")
    timings = [query["ms"] for query in line["slow_queries"]]
    assert len(timings) == 3
    assert timings == sorted(timings, reverse=True)


def test_it_logs_a_fast_request_at_info_without_queries() -> None:
    with captured_log() as log:
        Client().get("/telemetry/known/")

    (line,) = log.events("request")
    assert line["level"] == "info"
    assert "slow_queries" not in line
