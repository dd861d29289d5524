"""Cache backends that report each lookup as a hit or a miss, for the request and task lines.

Django's cache API has no hook for this, so the counting is a mixin placed in
front of each backend the project uses (locmem in tests, diskcache by
default, Redis in production).  A lookup is a miss when the backend returns
the sentinel we passed as the default, so a stored ``None`` still counts as a
hit.  ``get_many`` counts its keys once, even on backends whose ``get_many``
is a loop over ``get`` (locmem): the inner calls are not counted again.

The counts go to the measurement of the current request or task
(ops.telemetry.measure); outside one (a management command) nothing is
counted, and the cost is one context-variable read.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.cache.backends.locmem import LocMemCache as DjangoLocMemCache

from ops.telemetry.measure import count_cache

_MISSING = object()


class CountingCacheMixin:
    """Counts hits and misses of ``get`` and ``get_many``; put it first among the bases."""

    _counting_paused = False

    def get(self, key: Any, default: Any = None, version: int | None = None, **kwargs: Any) -> Any:
        value = super().get(key, _MISSING, version, **kwargs)  # type: ignore[misc]
        missed = value is _MISSING
        if not self._counting_paused:
            count_cache(hits=0 if missed else 1, misses=1 if missed else 0)
        return default if missed else value

    def get_many(self, keys: Iterable[Any], version: int | None = None) -> dict[Any, Any]:
        wanted = list(keys)
        self._counting_paused = True  # backends are per thread: this flag is too
        try:
            found: dict[Any, Any] = super().get_many(wanted, version=version)  # type: ignore[misc]
        finally:
            self._counting_paused = False
        count_cache(hits=len(found), misses=len(wanted) - len(found))
        return found


class LocMemCache(CountingCacheMixin, DjangoLocMemCache):
    """Django's per-process memory cache (the test default), counting hits and misses."""
