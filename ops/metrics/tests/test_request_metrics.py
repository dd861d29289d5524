"""Requests are counted and timed by route and status; queries and cache lookups are counted."""

from __future__ import annotations

import pytest
from django.test import Client

from ops.metrics.tests.scrape import value

pytestmark = [pytest.mark.urls("ops.telemetry.tests.views"), pytest.mark.django_db]


def test_it_counts_requests_by_route_method_and_status() -> None:
    before_ok = value(
        "newsbudget_http_requests_total", route="telemetry-known", method="GET", status="200"
    )
    before_missing = value("newsbudget_http_requests_total", route="-", method="GET", status="404")

    for _ in range(3):
        Client().get("/telemetry/known/")
    Client().get("/nothing/here/")

    assert (
        value("newsbudget_http_requests_total", route="telemetry-known", method="GET", status="200")
        == before_ok + 3
    )
    assert value("newsbudget_http_requests_total", route="-", method="GET", status="404") == (
        before_missing + 1
    )


def test_it_records_latency_in_a_histogram_by_route_and_status() -> None:
    labels = {"route": "telemetry-slow", "status": "200"}
    before = value("newsbudget_http_request_duration_seconds_count", **labels)
    fast_bucket = value("newsbudget_http_request_duration_seconds_bucket", le="0.01", **labels)

    Client().get("/telemetry/slow/")

    assert value("newsbudget_http_request_duration_seconds_count", **labels) == before + 1
    assert value("newsbudget_http_request_duration_seconds_sum", **labels) >= 0.05
    # The view sleeps 50 ms: it is not in the 10 ms bucket, and is in the 100 ms one.
    assert value("newsbudget_http_request_duration_seconds_bucket", le="0.01", **labels) == (
        fast_bucket
    )
    assert value("newsbudget_http_request_duration_seconds_bucket", le="0.1", **labels) >= 1


def test_it_counts_database_queries_and_cache_lookups() -> None:
    queries = value("newsbudget_db_queries_total", source="telemetry-known")
    hits = value("newsbudget_cache_lookups_total", result="hit")
    misses = value("newsbudget_cache_lookups_total", result="miss")

    Client().get("/telemetry/known/")

    assert value("newsbudget_db_queries_total", source="telemetry-known") == queries + 3
    assert value("newsbudget_cache_lookups_total", result="hit") >= hits + 1
    assert value("newsbudget_cache_lookups_total", result="miss") >= misses + 1
