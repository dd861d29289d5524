"""Every minute, the scheduler turns the recent minutes' cache counters into ``MinuteRollup`` rows.

Each run re-reads the last ``ROLLUP_LOOKBACK_MINUTES`` finished minutes and
writes their rows from scratch, so the job is idempotent (running it twice,
or from two schedulers, writes the same rows) and a process that flushed
late still gets its figures counted.  The minute that just ended also gets
a sample of the task queue (depth and lag), taken once when its row is first
written.  A minute whose counters read lower than its row (the cache was
restarted or evicted them) keeps its row.  Rows older than
``ROLLUP_RETENTION_DAYS`` are deleted in batches.

Counters are per route name, so the job asks the URL resolver for every name
the site has (plus ``static`` and ``-`` for unmatched paths) rather than
scanning the cache, which Django's cache API cannot do.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache as memoize
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.urls import URLPattern, URLResolver, get_resolver

from ops.dashboard.aggregate import epoch_minute, key
from ops.dashboard.latency import BOUNDS_MS, percentile
from ops.dashboard.models import MinuteRollup
from ops.telemetry.queue import queue_state

logger = logging.getLogger(__name__)

DELETE_BATCH = 2000
EXTRA_ROUTES = ("static", "-")


@dataclass(frozen=True)
class RollupRun:
    minutes_written: int
    requests: int
    deleted: int


def url_names(patterns: Iterable[Any], namespace: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def known_routes() -> tuple[str, ...]:
    """Every route name a request line can carry."""
    return routes_of(settings.ROOT_URLCONF)


@memoize
def routes_of(urlconf: str) -> tuple[str, ...]:
    """The route names of ``urlconf``, read once per process (they are code)."""
    return tuple(sorted({*url_names(get_resolver(urlconf).url_patterns), *EXTRA_ROUTES}))


def minute_start(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(datetime.UTC).replace(second=0, microsecond=0)


def read_counters(minute: int) -> dict[str, int]:
    """Every counter of one minute, by field name (missing ones are absent)."""
    fields = ["requests", "ms", "5xx", "4xx", "cache_hits", "cache_misses"]
    fields += [f"bucket:{index}" for index in range(len(BOUNDS_MS))]
    for route in known_routes():
        fields += [f"route:{route}:n", f"route:{route}:ms"]
    keys = {key(minute, field): field for field in fields}
    found = cache.get_many(list(keys))
    return {keys[name]: int(value) for name, value in found.items()}


def figures_of(counters: dict[str, int]) -> dict[str, Any]:
    buckets = [counters.get(f"bucket:{index}", 0) for index in range(len(BOUNDS_MS))]
    routes = {
        route: [counters[f"route:{route}:n"], counters.get(f"route:{route}:ms", 0)]
        for route in known_routes()
        if counters.get(f"route:{route}:n")
    }
    return {
        "requests": counters.get("requests", 0),
        "server_errors": counters.get("5xx", 0),
        "client_errors": counters.get("4xx", 0),
        "duration_ms_total": float(counters.get("ms", 0)),
        "latency_buckets": buckets,
        "p50_ms": percentile(buckets, 0.50),
        "p95_ms": percentile(buckets, 0.95),
        "p99_ms": percentile(buckets, 0.99),
        "cache_hits": counters.get("cache_hits", 0),
        "cache_misses": counters.get("cache_misses", 0),
        "routes": routes,
    }


def queue_sample(now: datetime.datetime) -> dict[str, Any]:
    state = queue_state(now)
    if state is None:
        return {}
    return {"queue_ready": state.ready, "queue_lag_seconds": round(state.lag_seconds(now), 1)}


def write_minute(
    minute: datetime.datetime, figures: dict[str, Any], sample: dict[str, Any]
) -> None:
    """Create or overwrite one minute's row; the queue sample only fills an empty one."""
    for _attempt in range(2):
        try:
            with transaction.atomic():
                row, created = MinuteRollup.objects.get_or_create(
                    minute=minute, defaults={**figures, **sample}
                )
                # Counters only grow: fewer than the row holds means the cache lost them
                # (restarted, evicted), and the row is the better record.
                if not created and figures["requests"] >= row.requests:
                    for name, value in figures.items():
                        setattr(row, name, value)
                if not created and row.queue_ready is None:
                    for name, value in sample.items():
                        setattr(row, name, value)
                if not created:
                    row.save()
            return
        except IntegrityError:
            continue  # another scheduler created it between our read and insert: update it


def delete_expired(now: datetime.datetime) -> int:
    cutoff = now - datetime.timedelta(days=settings.ROLLUP_RETENTION_DAYS)
    deleted = 0
    while True:
        batch = list(
            MinuteRollup.objects.filter(minute__lt=cutoff).values_list("pk", flat=True)[
                :DELETE_BATCH
            ]
        )
        if not batch:
            return deleted
        deleted += MinuteRollup.objects.filter(pk__in=batch).delete()[0]


def roll_up(now: datetime.datetime) -> RollupRun:
    """Write the rows of the last finished minutes; delete expired rows."""
    this_minute = minute_start(now)
    latest = this_minute - datetime.timedelta(minutes=1)
    existing = set(
        MinuteRollup.objects.filter(
            minute__gte=this_minute - datetime.timedelta(minutes=settings.ROLLUP_LOOKBACK_MINUTES)
        ).values_list("minute", flat=True)
    )
    written = requests = 0
    for back in range(settings.ROLLUP_LOOKBACK_MINUTES, 0, -1):
        minute = this_minute - datetime.timedelta(minutes=back)
        figures = figures_of(read_counters(epoch_minute(minute)))
        is_latest = minute == latest
        if not figures["requests"] and minute not in existing and not is_latest:
            continue
        write_minute(minute, figures, queue_sample(now) if is_latest else {})
        written += 1
        requests += figures["requests"]
    return RollupRun(minutes_written=written, requests=requests, deleted=delete_expired(now))
