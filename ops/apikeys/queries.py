"""Reading usage: the rows flushed to the database plus the counts still buffered in the cache.

Every reader (the usage API, the admin, ``manage.py api_usage``, quota
seeding) goes through here, so they all see the same numbers, up to the
last request, whether or not the scheduler has flushed yet.  Each function
costs one query per shard it reads however many keys or days it covers (one
query with sharding off), plus one cache read.

Usage is sharded by key (``ops.sharding``): ``used`` asks each shard about
the keys it owns only; ``usage_rows`` over every key fans out to every shard
and keeps each row only from the shard that owns its key, so a row a
rebalance has copied but not yet deleted is never counted twice.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q, Sum

from ops.apikeys.metering import (
    FLUSH_DAYS,
    Counts,
    Slot,
    buffered,
    keys_usable_since,
)
from ops.apikeys.models import KeyUsage
from ops.apikeys.periods import day_start, month_start, recent_days, utc_day
from ops.sharding import placement


@dataclass(frozen=True)
class Totals:
    """Requests a key made today and this month (UTC)."""

    today: int = 0
    month: int = 0


@dataclass(frozen=True)
class UsageRow:
    day: datetime.date
    key_id: int
    endpoint: str
    requests: int
    response_bytes: int


def used(*, key_ids: list[int], now: datetime.datetime) -> dict[int, Totals]:
    """Each key's requests today and this month, flushed and buffered."""
    today = utc_day(now)
    first = month_start(today)
    totals = {key_id: Totals() for key_id in key_ids}
    for rows in placement.rows_for_keys(KeyUsage, key_ids):
        flushed = (
            rows.filter(day__gte=first, day__lte=today)
            .order_by()
            .values("key_id")
            .annotate(today=Sum("count", filter=Q(day=today)), month=Sum("count"))
        )
        for row in flushed:
            totals[row["key_id"]] = Totals(today=row["today"] or 0, month=row["month"] or 0)
    unflushed_days = [day for day in recent_days(now, FLUSH_DAYS) if day >= first]
    for (key_id, day, _), counts in buffered(key_ids, unflushed_days).items():
        before = totals[key_id]
        totals[key_id] = Totals(
            today=before.today + (counts.requests if day == today else 0),
            month=before.month + counts.requests,
        )
    return totals


def usage_rows(*, key_ids: list[int] | None, days: int, now: datetime.datetime) -> list[UsageRow]:
    """Requests and bytes per day, key and endpoint over the last ``days`` UTC days (all keys if
    ``key_ids`` is None), most recent day first."""
    window = recent_days(now, days)
    if key_ids is None:
        shards = placement.on_each_shard(KeyUsage.objects.all())
    else:
        shards = ((None, rows) for rows in placement.rows_for_keys(KeyUsage, key_ids))
    merged: dict[Slot, Counts] = {}
    for alias, rows in shards:
        found = rows.filter(day__gte=window[-1], day__lte=window[0]).values_list(
            "key_id", "day", "endpoint", "count", "response_bytes"
        )
        for key_id, day, endpoint, count, response_bytes in found:
            if alias is None or placement.owns(alias, key_id):
                merged[(key_id, day, endpoint)] = Counts(count, response_bytes)
    unflushed_days = window[:FLUSH_DAYS]
    if key_ids is None:
        key_ids = keys_usable_since(day_start(unflushed_days[-1]))
    for slot, counts in buffered(key_ids, unflushed_days).items():
        merged[slot] = merged.get(slot, Counts()) + counts
    ordered = sorted(merged.items(), key=lambda item: (-item[0][1].toordinal(), item[0]))
    return [
        UsageRow(day, key_id, endpoint, counts.requests, counts.response_bytes)
        for (key_id, day, endpoint), counts in ordered
    ]
