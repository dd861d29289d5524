"""Content versions: one number per scope of content, bumped when that content changes.

A page declares the scopes it is made of (say ``site``, ``desk:4`` and
``story:17``); its ETag, its Last-Modified and its page-cache key are derived
from their current numbers, so answering a conditional GET or finding the
cached copy needs only one cache read — no database, no rendering.  A write
bumps exactly the scopes it changed, and every process sees the new numbers
through the shared cache (diskcache on one machine, Redis across many), so the
affected pages are fresh on the next request while unrelated ones stay cached.

A version is the wall-clock time of its last bump in nanoseconds: unique in
practice, so an old number is never reused, and it doubles as the content's
modification time.  A scope with no number yet (first use, or the cache was
flushed) gets the current time, which starts a namespace no stale entry can be
in.  Writers must bump *after* their transaction commits (``bump_on_commit``):
a reader that caches between commit and bump stores fresh content under the
old key, which is harmless; the reverse order could pin stale content under
the new one.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Iterable, Sequence

from django.core.cache import cache
from django.db import transaction

KEY_PREFIX = "httpcache:version:"


def version_key(scope: str) -> str:
    """The cache key holding ``scope``'s number.

    >>> version_key("desk:4")
    'httpcache:version:desk:4'
    """
    return f"{KEY_PREFIX}{scope}"


def current(scopes: Sequence[str]) -> dict[str, int]:
    """The current number of each scope, creating numbers for scopes that have none."""
    keys = {scope: version_key(scope) for scope in scopes}
    found = cache.get_many(list(keys.values()))
    missing = [key for key in keys.values() if key not in found]
    if missing:
        now = time.time_ns()
        for key in missing:
            cache.add(key, now, timeout=None)  # another process may have won: read back
        found.update(cache.get_many(missing))
        # A cache that keeps nothing (``dummy://``) still gives each request a number.
        for key in missing:
            found.setdefault(key, now)
    return {scope: found[key] for scope, key in keys.items()}


def bump(scopes: Iterable[str]) -> None:
    """Give each scope a new number now: everything derived from it becomes stale."""
    now = time.time_ns()
    cache.set_many({version_key(scope): now for scope in set(scopes)}, timeout=None)


def bump_on_commit(scopes: Iterable[str], *, using: str | None = None) -> None:
    """Bump ``scopes`` once the current transaction commits (at once outside a transaction)."""
    frozen = sorted(set(scopes))
    if frozen:
        transaction.on_commit(lambda: bump(frozen), using=using)


def as_datetime(version: int) -> datetime.datetime:
    """A version as a UTC time, for Last-Modified.

    >>> as_datetime(1_700_000_000_500_000_000).isoformat()
    '2023-11-14T22:13:20.500000+00:00'
    """
    return datetime.datetime.fromtimestamp(version / 1e9, tz=datetime.UTC)
