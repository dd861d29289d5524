"""The Redis cache degrades to "no cache" while Redis is unreachable, and counters say so.

Runs against a real redis-server that the test stops (SHUTDOWN) under the cache.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator

import pytest
import redis

from ops.cache import resilient
from ops.cache.resilient import CacheUnavailable, ResilientRedisCache
from ops.config.caches import cache_from_url
from tests.servers import redis_server

pytestmark = pytest.mark.system


@pytest.fixture
def cache_and_url(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[ResilientRedisCache, str]]:
    monkeypatch.setattr(resilient, "RETRY_SECONDS", 60.0)
    with redis_server() as url:
        config = cache_from_url(url)
        yield ResilientRedisCache(config["LOCATION"], {"OPTIONS": config["OPTIONS"]}), url


def shut_down(url: str) -> None:
    admin = redis.Redis.from_url(url)
    with contextlib.suppress(redis.ConnectionError):
        admin.shutdown(nosave=True)
    admin.close()


def test_it_is_an_ordinary_redis_cache_while_redis_is_up(
    cache_and_url: tuple[ResilientRedisCache, str],
) -> None:
    cache, _ = cache_and_url
    cache.set("headline", "Flood warning")
    assert cache.add("views", 0)
    assert cache.incr("views", 3) == 3
    assert cache.get("headline") == "Flood warning"


def test_reads_miss_writes_are_dropped_and_counters_raise_while_redis_is_down(
    cache_and_url: tuple[ResilientRedisCache, str],
) -> None:
    cache, url = cache_and_url
    cache.set("headline", "Flood warning")
    shut_down(url)

    assert cache.get("headline", "fallback") == "fallback"
    assert cache.get_many(["headline"]) == {}
    assert cache.add("lock", 1) is False
    assert cache.set("headline", "ignored") is None
    assert cache.delete("headline") is False
    with pytest.raises(CacheUnavailable):
        cache.incr("views")


def test_after_one_failure_it_stops_calling_redis_for_a_while(
    cache_and_url: tuple[ResilientRedisCache, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cache, url = cache_and_url
    shut_down(url)
    cache.get("anything")  # the failure that opens the breaker
    attempts = []
    real_get_client = cache._cache.get_client
    monkeypatch.setattr(
        cache._cache, "get_client", lambda *a, **k: attempts.append(1) or real_get_client(*a, **k)
    )

    for _ in range(100):
        cache.get("anything")
    with pytest.raises(CacheUnavailable):
        cache.incr("views")

    assert cache.known_down()
    assert attempts == []


def test_it_tries_redis_again_once_the_interval_has_passed(
    cache_and_url: tuple[ResilientRedisCache, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cache, url = cache_and_url
    shut_down(url)
    cache.get("anything")
    now = time.monotonic()
    monkeypatch.setattr(resilient.time, "monotonic", lambda: now + 61)

    assert not cache.known_down()
