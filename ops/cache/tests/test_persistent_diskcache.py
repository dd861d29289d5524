"""The diskcache backend keeps its SQLite connections open from one request to the next."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.cache import caches, close_caches
from django.test import override_settings

from ops.cache.backends import PersistentDiskCache


@pytest.fixture
def disk_cache(tmp_path: Path) -> Iterator[PersistentDiskCache]:
    backend = {"BACKEND": "ops.cache.backends.PersistentDiskCache", "LOCATION": str(tmp_path)}
    with override_settings(CACHES={"default": backend}):
        cache = caches["default"]
        assert isinstance(cache, PersistentDiskCache)
        yield cache
        cache.close_connections()


def open_connections(cache: PersistentDiskCache) -> list[object]:
    return [getattr(shard._local, "con", None) for shard in cache._cache._shards]


def test_it_keeps_its_connections_when_a_request_finishes(disk_cache: PersistentDiskCache) -> None:
    disk_cache.set("headline", "Flood warning")
    before = open_connections(disk_cache)

    close_caches()  # what Django runs for every cache when a request finishes

    assert any(before)
    assert open_connections(disk_cache) == before
    assert disk_cache.get("headline") == "Flood warning"


def test_it_still_closes_them_when_asked_to(disk_cache: PersistentDiskCache) -> None:
    disk_cache.set("headline", "Flood warning")

    disk_cache.close_connections()

    assert not any(open_connections(disk_cache))
    assert disk_cache.get("headline") == "Flood warning"
