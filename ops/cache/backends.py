"""diskcache's Django backend, without closing its SQLite connections after every request.

Django calls ``close()`` on every cache when a request finishes, so that
backends holding a network connection per request can drop it.  diskcache's
``DjangoCache`` answers by closing each SQLite connection it opened; the next
request reopens them, re-reads the cache's settings table and, as the last
connection to a WAL database closes, checkpoints it.  Measured on a story page
served from the page cache (bench, docs/performance.md), that round trip was
most of the request: keeping the connections open made a cache hit several
times faster.  diskcache's author recommends leaving caches open: each
operation is atomic, connections are per thread, and a forked worker opens
its own (diskcache checks the process id).  Django's own memcached backends
skip ``close()`` for the same reason.

Like every cache backend here it counts hits and misses (ops.cache.counting).
"""

from __future__ import annotations

from typing import Any

from diskcache import DjangoCache

from ops.cache.counting import CountingCacheMixin


class PersistentDiskCache(CountingCacheMixin, DjangoCache):
    """``diskcache.DjangoCache`` whose connections live as long as the worker process."""

    def close(self, **kwargs: Any) -> None:
        """Keep the connections: Django calls this after every request (see the module doc)."""

    def close_connections(self) -> None:
        """Close this thread's connections for real (tests, or a process about to exit)."""
        super().close()
