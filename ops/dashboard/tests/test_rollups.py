"""Requests are summed per minute in the cache, and the scheduler's job writes them as rows."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.utils import timezone

from ops.dashboard.aggregate import record_request
from ops.dashboard.models import MinuteRollup
from ops.dashboard.rollup import roll_up
from ops.dashboard.tasks import roll_up_traffic
from ops.telemetry.records import RequestRecord
from ops.telemetry.tests.sample_tasks import succeed

pytestmark = pytest.mark.django_db
MINUTE = datetime.datetime(2026, 12, 1, 9, 30, tzinfo=datetime.UTC)


def served(
    duration_ms: float,
    *,
    status: int = 200,
    route: str = "site:story",
    at: datetime.datetime = MINUTE,
    hits: int = 0,
    misses: int = 0,
) -> None:
    record_request(
        RequestRecord(
            at=at + datetime.timedelta(seconds=20),
            request_id="r",
            method="GET",
            route=route,
            path="/",
            query="",
            status=status,
            duration_ms=duration_ms,
            db_queries=0,
            db_ms=0.0,
            cache_hits=hits,
            cache_misses=misses,
        )
    )


def after(minutes: int) -> datetime.datetime:
    return MINUTE + datetime.timedelta(minutes=minutes, seconds=5)


def test_it_writes_a_row_with_the_minutes_totals_and_percentiles() -> None:
    served(3, hits=2)
    served(7, misses=1)
    served(40, status=404, route="-")
    served(40, status=500)
    served(90, route="site:home")

    run = roll_up(now=after(1))

    row = MinuteRollup.objects.get(minute=MINUTE)
    assert (run.requests, row.requests) == (5, 5)
    assert (row.server_errors, row.client_errors) == (1, 1)
    assert row.duration_ms_total == 180
    assert (row.p50_ms, row.p99_ms) == (31.25, 97.5)
    assert (row.cache_hits, row.cache_misses) == (2, 1)
    assert row.routes == {"site:story": [3, 50], "-": [1, 40], "site:home": [1, 90]}


def test_it_counts_real_requests_through_the_middleware() -> None:
    started = timezone.now()
    for path in ("/robots.txt", "/robots.txt", "/no/such/page/"):
        Client().get(path)

    roll_up(now=started + datetime.timedelta(minutes=2))

    rows = MinuteRollup.objects.filter(minute__gte=started - datetime.timedelta(minutes=1))
    assert sum(row.requests for row in rows) == 3
    assert sum(row.client_errors for row in rows) == 1
    assert sum(row.routes.get("robots", [0])[0] for row in rows) == 2


def test_running_it_again_rewrites_the_same_rows() -> None:
    served(10)
    roll_up(now=after(1))
    roll_up(now=after(1))
    roll_up(now=after(2))

    assert MinuteRollup.objects.filter(minute=MINUTE).get().requests == 1


def test_figures_flushed_late_are_added_by_the_next_run() -> None:
    served(10)
    roll_up(now=after(1))
    served(10)  # a process that flushed its sums for 9:30 only after the job ran

    roll_up(now=after(2))

    assert MinuteRollup.objects.get(minute=MINUTE).requests == 2


def test_a_row_is_kept_when_the_cache_lost_its_counters() -> None:
    served(10)
    served(10)
    roll_up(now=after(1))
    cache.clear()

    roll_up(now=after(2))

    assert MinuteRollup.objects.get(minute=MINUTE).requests == 2


def test_the_minute_just_ended_gets_a_sample_of_the_task_queue() -> None:
    succeed.enqueue(1)
    succeed.enqueue(2)

    roll_up(now=timezone.now())

    latest = MinuteRollup.objects.order_by("-minute").first()
    assert latest is not None
    assert latest.queue_ready == 2
    assert latest.queue_lag_seconds is not None
    assert latest.queue_lag_seconds >= 0


def test_quiet_minutes_are_skipped_except_the_latest() -> None:
    run = roll_up(now=after(1))

    assert run.minutes_written == 1
    assert list(MinuteRollup.objects.values_list("minute", "requests")) == [(MINUTE, 0)]


@override_settings(ROLLUP_RETENTION_DAYS=7)
def test_rows_older_than_the_retention_are_deleted() -> None:
    MinuteRollup.objects.create(minute=MINUTE - datetime.timedelta(days=8))
    MinuteRollup.objects.create(minute=MINUTE - datetime.timedelta(days=6))

    run = roll_up(now=after(1))

    assert run.deleted == 1
    assert MinuteRollup.objects.filter(minute__lt=MINUTE).count() == 1


def test_the_scheduled_task_reports_what_it_wrote() -> None:
    assert roll_up_traffic.call() == {"minutes": 1, "requests": 0, "deleted": 0}
