"""Atomic fixed-window counters in the shared cache: the one place a request is counted.

A bucket (say ``login:ip:203.0.113.9``) gets one counter per window of
``rate.period`` seconds; the window number is part of the cache key.  Each
request ``incr``s the counter, which is atomic on Redis, diskcache and
locmem; the first request of a window finds none and creates it at 1 with
``cache.add`` (atomic set-if-absent on every backend; a process that loses
that race ``incr``s the winner's).  ``incr`` returns the new count, so the
(limit+1)-th request of a window is refused however many processes race:
the limit holds exactly within a window.  (A fixed window allows up to twice
the limit across a window boundary; that is the usual trade for one round
trip and exactness.)

Because the window is in the key, a counter left without an expiry by a race
in a backend's ``incr`` can never refuse a later window.

When the cache cannot be reached the rule's policy decides: fail open
(serve the request: reads should survive a cache outage) or fail closed
(refuse it: a login form must not become an unlimited password oracle).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from django.core.cache import cache

from ops.throttle.rates import Rate

logger = logging.getLogger(__name__)

KEY_PREFIX = "throttle"
FAIL_CLOSED_RETRY_SECONDS = 30


@dataclass(frozen=True)
class Decision:
    allowed: bool
    count: int
    retry_after: int
    cache_down: bool = False


def hit(bucket: str, rate: Rate, *, fail_open: bool, now: float | None = None) -> Decision:
    """Count one request against ``bucket`` and say whether ``rate`` still allows it."""
    now = time.time() if now is None else now
    window = int(now // rate.period)
    retry_after = max(1, int((window + 1) * rate.period - now + 0.999))
    key = f"{KEY_PREFIX}:{bucket}:{rate.period}:{window}"
    try:
        count = increment(key, timeout=retry_after + 1)
    except Exception as error:
        logger.warning(
            "Rate-limit cache unavailable (%s); failing %s for %s",
            type(error).__name__,
            "open" if fail_open else "closed",
            bucket,
        )
        retry = 0 if fail_open else FAIL_CLOSED_RETRY_SECONDS
        return Decision(allowed=fail_open, count=0, retry_after=retry, cache_down=True)
    return Decision(allowed=count <= rate.limit, count=count, retry_after=retry_after)


def increment(key: str, *, timeout: int) -> int:
    """Add one to the counter at ``key``, creating it (expiring after ``timeout`` s) if absent.

    ``incr`` first: after the first request of a window that is the only write.
    """
    try:
        return cache.incr(key)
    except ValueError:
        pass  # the window's first request (or the counter expired a moment ago)
    if cache.add(key, 1, timeout=timeout):
        return 1
    return cache.incr(key)  # another process created it between our incr and add
