"""Per-minute traffic counters: summed in each process, added to the shared cache in batches.

The dashboard needs figures for the whole site — every worker of every node —
per minute.  Writing them to the database per request would add a write to
every page view; adding to the shared cache per request would add a dozen
round trips.  So each process sums its requests in memory, per minute, and
every ``ROLLUP_FLUSH_SECONDS`` adds those sums to counters in the shared
cache (``add`` + ``incr``: atomic, so processes and nodes never overwrite
each other).  The scheduler's rollup job (ops.dashboard.rollup) reads the
counters of finished minutes into ``MinuteRollup`` rows.

The buffer is the one piece of per-process state here; it holds only sums
not yet written, a flush swaps it out under a lock, and a process that exits
normally flushes on the way out (``atexit``).  A process killed with SIGKILL
loses at most one flush interval of figures for the dashboard (the
Prometheus counters and the request log are unaffected).  With
``ROLLUP_FLUSH_SECONDS = 0`` (the test settings) every request is flushed at
once, which makes the figures deterministic.

Counters live for ``KEY_SECONDS`` (two hours): long enough for a late
rollup, short enough that the cache needs no cleaning.  If the cache is
down, the figures of that interval are dropped, never the request.
"""

from __future__ import annotations

import atexit
import datetime
import logging
import threading
import time
from collections import Counter

from django.conf import settings
from django.core.cache import cache

from ops.dashboard.latency import bucket_of
from ops.telemetry.records import RequestRecord

logger = logging.getLogger(__name__)

KEY_SECONDS = 2 * 3600
PREFIX = "rollup"


def epoch_minute(moment: datetime.datetime) -> int:
    """Minutes since the epoch: the name of a minute in the counter keys."""
    return int(moment.timestamp() // 60)


def key(minute: int, field: str) -> str:
    """The cache key of one counter.

    >>> key(29_000_000, "requests"), key(29_000_000, "route:site:story:ms")
    ('rollup:29000000:requests', 'rollup:29000000:route:site:story:ms')
    """
    return f"{PREFIX}:{minute}:{field}"


def fields_of(record: RequestRecord) -> list[tuple[str, int]]:
    """The counters one request adds to, and by how much."""
    duration = max(record.duration_ms, 0.0)
    milliseconds = round(duration)
    added = [
        ("requests", 1),
        ("ms", milliseconds),
        (f"bucket:{bucket_of(duration)}", 1),
        (f"route:{record.route}:n", 1),
        (f"route:{record.route}:ms", milliseconds),
    ]
    if record.status >= 500:
        added.append(("5xx", 1))
    elif record.status >= 400:
        added.append(("4xx", 1))
    if record.cache_hits:
        added.append(("cache_hits", record.cache_hits))
    if record.cache_misses:
        added.append(("cache_misses", record.cache_misses))
    return added


class MinuteBuffer:
    """This process's sums not yet added to the shared cache."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.pending: Counter[str] = Counter()
        self.flusher: threading.Thread | None = None

    def add(self, record: RequestRecord) -> None:
        prefix = f"{PREFIX}:{epoch_minute(record.at)}:"
        added = fields_of(record)
        with self.lock:
            pending = self.pending
            for field, amount in added:
                pending[prefix + field] += amount
        interval = settings.ROLLUP_FLUSH_SECONDS
        if interval <= 0:
            self.flush()
        elif self.flusher is None:
            self.start_flusher(interval)

    def flush(self) -> int:
        """Add everything pending to the shared cache; how many counters were written."""
        with self.lock:
            pending, self.pending = self.pending, Counter()
        written = 0
        for name, amount in pending.items():
            if not amount:
                continue
            try:
                cache.add(name, 0, timeout=KEY_SECONDS)
                cache.incr(name, amount)
                written += 1
            except Exception as error:
                logger.warning("Dropped dashboard figures: the cache refused %s (%s)", name, error)
                break
        return written

    def start_flusher(self, interval: float) -> None:
        with self.lock:
            if self.flusher is not None:
                return
            self.flusher = threading.Thread(
                target=self.flush_forever, args=(interval,), name="rollup-flush", daemon=True
            )
        self.flusher.start()
        atexit.register(self.flush)

    def flush_forever(self, interval: float) -> None:
        while True:
            time.sleep(interval)
            try:
                self.flush()
            except Exception:
                logger.exception("Flushing dashboard figures failed")


buffer = MinuteBuffer()


def record_request(record: RequestRecord) -> None:
    """Request sink (``TELEMETRY_REQUEST_SINKS``)."""
    buffer.add(record)
