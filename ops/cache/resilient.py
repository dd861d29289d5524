"""Django's Redis cache that degrades to "no cache" while Redis is unreachable, instead of failing.

A cache is an optimisation: when Redis stops, public pages must still be
served (rendered, uncached) rather than answered with 500s.  So reads return
a miss, writes are dropped, and ``add`` reports that nothing was added.  The
counters built on ``incr`` (rate limits, metering) are different: a missing
count is not a zero, so ``incr`` raises ``CacheUnavailable`` and each caller
applies its own policy (``ops.throttle`` fails open for reads and closed for
logins).

After a failure the backend stops calling Redis for ``RETRY_SECONDS`` (a
circuit breaker), so a dead or partitioned Redis costs one socket timeout
per worker thread per interval, not one per cache call.  The state is per
backend instance, which Django keeps per thread: it is a property of this
process's connection, not shared data.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

import redis
from django.core.cache.backends.redis import RedisCache

from ops.cache.counting import CountingCacheMixin

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0
UNREACHABLE = (redis.ConnectionError, redis.TimeoutError)


class CacheUnavailable(ConnectionError):
    """The shared cache cannot be reached; the operation did not happen."""


def degrades_to(fallback: Callable[..., Any]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Run the wrapped operation unless Redis is known down; on failure answer ``fallback(...)``."""

    def decorate(operation: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(operation)
        def guarded(self: DegradingRedisCache, *args: Any, **kwargs: Any) -> Any:
            if self.known_down():
                return fallback(*args, **kwargs)
            try:
                return operation(self, *args, **kwargs)
            except UNREACHABLE as error:
                self.mark_down(error)
                return fallback(*args, **kwargs)

        return guarded

    return decorate


def _default(key: Any, default: Any = None, *args: Any, **kwargs: Any) -> Any:
    return default


def _nothing(*args: Any, **kwargs: Any) -> None:
    return None


def _false(*args: Any, **kwargs: Any) -> bool:
    return False


def _empty(*args: Any, **kwargs: Any) -> dict[str, Any]:
    return {}


def _unsaved(data: dict[str, Any], *args: Any, **kwargs: Any) -> list[str]:
    return list(data)


class DegradingRedisCache(RedisCache):
    """Django's Redis cache with the degraded answers above; counting is added below."""

    def __init__(self, server: Any, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._down_until = 0.0

    def known_down(self) -> bool:
        return time.monotonic() < self._down_until

    def mark_down(self, error: Exception) -> None:
        if not self.known_down():
            logger.error(
                "Redis cache unreachable (%s: %s); serving without it for %.0f s",
                type(error).__name__,
                error,
                RETRY_SECONDS,
            )
        self._down_until = time.monotonic() + RETRY_SECONDS

    get = degrades_to(_default)(RedisCache.get)
    get_many = degrades_to(_empty)(RedisCache.get_many)
    has_key = degrades_to(_false)(RedisCache.has_key)
    add = degrades_to(_false)(RedisCache.add)
    set = degrades_to(_nothing)(RedisCache.set)
    set_many = degrades_to(_unsaved)(RedisCache.set_many)
    touch = degrades_to(_false)(RedisCache.touch)
    delete = degrades_to(_false)(RedisCache.delete)
    delete_many = degrades_to(_nothing)(RedisCache.delete_many)
    clear = degrades_to(_nothing)(RedisCache.clear)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        """Add ``delta`` to a counter; raises ``CacheUnavailable`` rather than guess a count."""
        if self.known_down():
            raise CacheUnavailable("the Redis cache is unreachable")
        try:
            return super().incr(key, delta, version)
        except UNREACHABLE as error:
            self.mark_down(error)
            raise CacheUnavailable("the Redis cache is unreachable") from error

    def decr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        return self.incr(key, -delta, version)


class ResilientRedisCache(CountingCacheMixin, DegradingRedisCache):
    """The production cache backend: degrades while Redis is down, counts hits and misses."""
