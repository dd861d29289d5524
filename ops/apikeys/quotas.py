"""Daily and monthly request quotas per key, enforced with atomic counters in the shared cache.

Each keyed request ``incr``s the key's counter for the current UTC day and
for the current calendar month and is refused when either passes its limit;
the refused request is taken off the counters again, so they count the
requests served (which is also what ``metering`` records).  No database
query is made while the counters exist.

A counter that is missing — the first request of a day or a month, or a
cache that was emptied or restarted — is **seeded** from what the key has
really used (``queries.used``: the flushed rows plus the counts still
buffered, one query) with ``cache.add``, so a cache restart does not hand
every partner a fresh quota, and two requests seeding at once cannot both
win.  The seed reads the rows before the buffer; a flush moving counts
between those two reads can leave them out once, letting a partner a
minute's worth of requests over: we err towards the partner.

Limits: a key's own ``daily_quota``/``monthly_quota``, else the settings
``API_KEY_DAILY_QUOTA``/``API_KEY_MONTHLY_QUOTA``; 0 means unlimited (and
costs no counter).  When the cache is unavailable the quota is not enforced
(reads fail open, like the rate limits), and that is logged.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
from dataclasses import dataclass

from django.core.cache import cache

from ops.apikeys import conf
from ops.apikeys.models import APIKey
from ops.apikeys.periods import next_day_start, next_month_start, seconds_until, utc_day
from ops.apikeys.queries import used

logger = logging.getLogger(__name__)

COUNTER_PREFIX = "apikeys:quota"
COUNTER_GRACE_SECONDS = 86400
"""Counters outlive their period by a day, so one read just after midnight still finds it."""

DAILY, MONTHLY = "daily", "monthly"


@dataclass(frozen=True)
class Quota:
    """One of a key's quotas for the period ``now`` falls in."""

    period: str
    limit: int
    counter: str
    resets_at: datetime.datetime


@dataclass(frozen=True)
class OverQuota:
    """Why a request was refused, and for how long."""

    quota: Quota
    retry_after: int

    @property
    def message(self) -> str:
        quota = self.quota
        noun = "request" if quota.limit == 1 else "requests"
        return (
            f"This API key has used its {quota.period} quota of {quota.limit:,} {noun}. "
            f"It resets at {quota.resets_at:%Y-%m-%d %H:%M} UTC, "
            f"in {self.retry_after:,} seconds."
        )


def limits(key: APIKey) -> dict[str, int]:
    """The key's daily and monthly limits; 0 is unlimited."""
    daily = key.daily_quota if key.daily_quota is not None else conf.default_daily_quota()
    monthly = key.monthly_quota if key.monthly_quota is not None else conf.default_monthly_quota()
    return {DAILY: daily, MONTHLY: monthly}


def counter_names(key_id: int, now: datetime.datetime) -> dict[str, str]:
    day = utc_day(now)
    return {
        DAILY: f"{COUNTER_PREFIX}:{key_id}:day:{day.isoformat()}",
        MONTHLY: f"{COUNTER_PREFIX}:{key_id}:month:{day:%Y-%m}",
    }


def quotas_of(key: APIKey, now: datetime.datetime) -> list[Quota]:
    """The key's limited quotas as of ``now``, daily first."""
    names = counter_names(key.pk, now)
    resets = {DAILY: next_day_start(now), MONTHLY: next_month_start(now)}
    return [
        Quota(period=period, limit=limit, counter=names[period], resets_at=resets[period])
        for period, limit in limits(key).items()
        if limit > 0
    ]


def consume(key: APIKey, *, now: datetime.datetime) -> OverQuota | None:
    """Count one request against the key's quotas; an ``OverQuota`` (and no count) if over one."""
    counted: list[Quota] = []
    try:
        for quota in quotas_of(key, now):
            used = count_one(key, quota, now)
            counted.append(quota)
            if used > quota.limit:
                give_back(counted)
                return OverQuota(quota=quota, retry_after=seconds_until(quota.resets_at, now))
    except Exception as error:  # an unreachable cache must not fail reads
        logger.warning(
            "API key quota not enforced for %s (cache unavailable: %s)",
            key.prefix, type(error).__name__,
        )  # fmt: skip
    return None


def count_one(key: APIKey, quota: Quota, now: datetime.datetime) -> int:
    """Add one to the quota's counter, seeding it from real usage first if it is missing."""
    try:
        return cache.incr(quota.counter)
    except ValueError:
        seed(key, now)
        return cache.incr(quota.counter)


def seed(key: APIKey, now: datetime.datetime) -> None:
    """Create the key's missing counters at what it has used this day and month (one query)."""
    totals = used(key_ids=[key.pk], now=now)[key.pk]
    names = counter_names(key.pk, now)
    cache.add(names[DAILY], totals.today, timeout=timeout_until(next_day_start(now), now))
    cache.add(names[MONTHLY], totals.month, timeout=timeout_until(next_month_start(now), now))


def timeout_until(moment: datetime.datetime, now: datetime.datetime) -> int:
    return seconds_until(moment, now) + COUNTER_GRACE_SECONDS


def give_back(counted: list[Quota]) -> None:
    """Take a refused request off the counters it was added to."""
    for quota in counted:
        with contextlib.suppress(ValueError):
            cache.decr(quota.counter)
