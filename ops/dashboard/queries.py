"""The dashboard's figures for the last hour, day or week, from the per-minute rollups.

Minutes are merged into buckets (1 minute for an hour, 10 for a day, an hour
for a week) so every chart has at most a couple of hundred points.  Counts
add up; latency percentiles are read from the merged histograms, never
averaged (ops.dashboard.latency); queue depth and lag take the worst sample
of the bucket, since a backlog is what someone needs to see.  A bucket with
no rollup at all is a gap in the charts (nothing was measured), which is
different from a bucket that measured zero requests.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ops.dashboard.latency import add, percentile
from ops.dashboard.models import MinuteRollup

TOP_ROUTES = 10


@dataclass(frozen=True)
class Range:
    name: str
    label: str
    span: datetime.timedelta
    bucket_minutes: int


RANGES = {
    "hour": Range("hour", "Last hour", datetime.timedelta(hours=1), 1),
    "day": Range("day", "Last day", datetime.timedelta(days=1), 10),
    "week": Range("week", "Last week", datetime.timedelta(days=7), 60),
}


@dataclass
class Bucket:
    start: datetime.datetime
    minutes_measured: int = 0
    requests: int = 0
    server_errors: int = 0
    client_errors: int = 0
    latency: list[int] = field(default_factory=list)
    cache_hits: int = 0
    cache_misses: int = 0
    queue_ready: int | None = None
    queue_lag_seconds: float | None = None

    def add(self, row: MinuteRollup) -> None:
        self.minutes_measured += 1
        self.requests += row.requests
        self.server_errors += row.server_errors
        self.client_errors += row.client_errors
        self.latency = add(self.latency, row.latency_buckets or [])
        self.cache_hits += row.cache_hits
        self.cache_misses += row.cache_misses
        if row.queue_ready is not None:
            self.queue_ready = max(self.queue_ready or 0, row.queue_ready)
        if row.queue_lag_seconds is not None:
            self.queue_lag_seconds = max(self.queue_lag_seconds or 0.0, row.queue_lag_seconds)

    @property
    def measured(self) -> bool:
        return self.minutes_measured > 0

    def per_minute(self) -> float | None:
        return self.requests / self.minutes_measured if self.measured else None

    def latency_ms(self, quantile: float) -> float | None:
        return percentile(self.latency, quantile) if self.measured else None

    def error_rate(self) -> float | None:
        if not self.measured:
            return None
        return 100 * self.server_errors / self.requests if self.requests else 0.0

    def cache_hit_ratio(self) -> float | None:
        lookups = self.cache_hits + self.cache_misses
        return 100 * self.cache_hits / lookups if self.measured and lookups else None


@dataclass(frozen=True)
class RouteCost:
    route: str
    requests: int
    total_ms: float

    @property
    def mean_ms(self) -> float:
        return self.total_ms / self.requests if self.requests else 0.0


@dataclass(frozen=True)
class Overview:
    range: Range
    start: datetime.datetime
    end: datetime.datetime
    buckets: list[Bucket]
    total: Bucket
    top_routes: list[RouteCost]


def floor_to(moment: datetime.datetime, minutes: int) -> datetime.datetime:
    moment = moment.astimezone(datetime.UTC).replace(second=0, microsecond=0)
    minute_of_day = moment.hour * 60 + moment.minute
    return moment - datetime.timedelta(minutes=minute_of_day % minutes)


def overview(range_: Range, now: datetime.datetime) -> Overview:
    """Everything the dashboard shows for ``range_`` ending at ``now``: one query."""
    step = datetime.timedelta(minutes=range_.bucket_minutes)
    end = floor_to(now, range_.bucket_minutes) + step
    start = end - range_.span
    buckets = {
        start + step * index: Bucket(start + step * index) for index in range(range_.span // step)
    }
    total = Bucket(start)
    routes: Counter[str] = Counter()
    route_ms: defaultdict[str, float] = defaultdict(float)
    rows = MinuteRollup.objects.filter(minute__gte=start, minute__lt=end).order_by("minute")
    for row in rows.iterator(chunk_size=2000):
        bucket = buckets.get(floor_to(row.minute, range_.bucket_minutes))
        if bucket is None:
            continue
        bucket.add(row)
        total.add(row)
        for route, (count, milliseconds) in (row.routes or {}).items():
            routes[route] += int(count)
            route_ms[route] += float(milliseconds)
    top = sorted(routes, key=lambda route: route_ms[route], reverse=True)[:TOP_ROUTES]
    return Overview(
        range=range_,
        start=start,
        end=end,
        buckets=list(buckets.values()),
        total=total,
        top_routes=[RouteCost(route, routes[route], route_ms[route]) for route in top],
    )
