"""Daily and monthly quotas: counted in the cache, refused past the limit, reset on time."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.cache import cache
from django.test import override_settings

from ops.apikeys import metering, quotas
from ops.apikeys.endpoints import OTHER
from ops.apikeys.models import APIKey
from ops.apikeys.services import IssuedKey
from ops.apikeys.tests.conftest import NOW

TOMORROW = NOW + datetime.timedelta(hours=12)
"""Midnight: the next UTC day begins."""
NEXT_MONTH = datetime.datetime(2026, 4, 1, tzinfo=datetime.UTC)


def limited(issued: IssuedKey, *, daily: int | None = None, monthly: int | None = None) -> APIKey:
    APIKey.objects.filter(pk=issued.key.pk).update(daily_quota=daily, monthly_quota=monthly)
    return APIKey.objects.get(pk=issued.key.pk)


def allowed(key: APIKey, times: int, now: datetime.datetime = NOW) -> bool:
    return all(quotas.consume(key, now=now) is None for _ in range(times))


def test_it_refuses_the_request_after_the_daily_quota(issued: IssuedKey) -> None:
    key = limited(issued, daily=3, monthly=0)

    assert allowed(key, 3)
    over = quotas.consume(key, now=NOW)

    assert over is not None
    assert over.quota.period == "daily"
    assert over.retry_after == 12 * 3600
    assert over.message == (
        "This API key has used its daily quota of 3 requests. "
        "It resets at 2026-03-03 00:00 UTC, in 43,200 seconds."
    )


def test_the_daily_quota_resets_at_midnight_utc(issued: IssuedKey) -> None:
    key = limited(issued, daily=2, monthly=0)
    assert allowed(key, 2)
    assert quotas.consume(key, now=TOMORROW - datetime.timedelta(seconds=1)) is not None

    assert allowed(key, 2, now=TOMORROW)
    assert quotas.consume(key, now=TOMORROW) is not None


def test_the_monthly_quota_spans_days_and_resets_with_the_month(issued: IssuedKey) -> None:
    key = limited(issued, daily=0, monthly=3)
    assert allowed(key, 2, now=NOW)
    assert allowed(key, 1, now=TOMORROW)

    over = quotas.consume(key, now=TOMORROW)
    assert over is not None
    assert over.quota.period == "monthly"
    assert "resets at 2026-04-01 00:00 UTC" in over.message
    assert allowed(key, 3, now=NEXT_MONTH)


def test_a_refused_request_does_not_use_up_any_quota(issued: IssuedKey) -> None:
    key = limited(issued, daily=5, monthly=2)
    assert allowed(key, 2)
    assert quotas.consume(key, now=NOW) is not None
    assert quotas.consume(key, now=NOW) is not None

    key = limited(issued, daily=5, monthly=4)
    assert allowed(key, 2)
    assert quotas.consume(key, now=NOW) is not None


@override_settings(API_KEY_DAILY_QUOTA=2, API_KEY_MONTHLY_QUOTA=0)
def test_a_key_without_its_own_quota_gets_the_sites(issued: IssuedKey) -> None:
    key = limited(issued)

    assert allowed(key, 2)
    assert quotas.consume(key, now=NOW) is not None


@override_settings(API_KEY_DAILY_QUOTA=0, API_KEY_MONTHLY_QUOTA=0)
def test_zero_means_unlimited_and_costs_no_counter(
    issued: IssuedKey, django_assert_num_queries: Any
) -> None:
    key = limited(issued)

    with django_assert_num_queries(0):
        assert allowed(key, 50)
    assert cache.get_many(list(quotas.counter_names(key.pk, NOW).values())) == {}


def test_counting_costs_one_query_a_day_and_none_after(
    issued: IssuedKey, django_assert_num_queries: Any
) -> None:
    key = limited(issued, daily=100, monthly=1000)

    with django_assert_num_queries(1):
        assert allowed(key, 1)
    with django_assert_num_queries(0):
        assert allowed(key, 20)


@pytest.mark.parametrize("flushed", [True, False])
def test_an_emptied_cache_does_not_give_a_fresh_quota(issued: IssuedKey, flushed: bool) -> None:
    key = limited(issued, daily=3, monthly=0)
    for _ in range(2):
        assert allowed(key, 1)
        metering.record(key_id=key.pk, endpoint=OTHER, response_bytes=10, now=NOW)
    if flushed:
        metering.flush(now=NOW)
        cache.clear()  # a restarted cache: the buffer is gone, the rows remain
    else:
        cache.delete_many(list(quotas.counter_names(key.pk, NOW).values()))

    assert allowed(key, 1)
    assert quotas.consume(key, now=NOW) is not None
