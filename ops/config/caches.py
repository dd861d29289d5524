"""CACHE_URL → a Django ``CACHES`` entry: diskcache, Redis, locmem or dummy.

One URL is the easiest thing to put in an environment.  Parsing checks what a
typo would otherwise turn into a failure at the first request (a port that is
not a number, a Redis db that is not one), and never repeats the URL in an
error, because it may hold a password.  diskcache gets a private directory
(its entries are pickled: see ``files.private_directory``) and the backend that
keeps its connections between requests (``ops.cache.backends``).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from ops.config.files import private_directory

# A cache that does not answer within this bound fails the request quickly
# instead of holding a worker until gunicorn kills it (every wait has a timeout).
REDIS_TIMEOUT_SECONDS = 2


def redis_cache(url: str) -> dict[str, Any]:
    """A CACHES entry for Django's Redis backend, after checking the URL's host, port and db."""
    parts = urlsplit(url)
    form = "CACHE_URL must be redis://[:password@]host:port/db (or rediss://… for TLS)"
    try:
        parts.port  # noqa: B018 -- parsing the port is the check
    except ValueError:
        raise ImproperlyConfigured(f"{form}; its port is not a number") from None
    if not parts.hostname:
        raise ImproperlyConfigured(f"{form}; it has no host")
    database = parts.path.lstrip("/")
    if database and not database.isdigit():
        raise ImproperlyConfigured(f"{form}; its db must be a number, got {database!r}")
    return {
        "BACKEND": "ops.cache.resilient.ResilientRedisCache",
        # A list, so a password holding "," or ";" is not split into several servers.
        "LOCATION": [url],
        "OPTIONS": {
            "socket_connect_timeout": REDIS_TIMEOUT_SECONDS,
            "socket_timeout": REDIS_TIMEOUT_SECONDS,
        },
    }


def cache_from_url(url: str) -> dict[str, Any]:
    """Translate CACHE_URL into a CACHES entry.

    >>> cache_from_url("locmem://")["BACKEND"]
    'ops.cache.counting.LocMemCache'
    >>> redis = cache_from_url("redis://:secret@10.0.0.5:6379/1")
    >>> redis["BACKEND"], redis["OPTIONS"]["socket_timeout"]
    ('ops.cache.resilient.ResilientRedisCache', 2)
    """
    scheme, _, rest = url.partition("://")
    if scheme == "diskcache" and rest:
        # diskcache unpickles what it reads: only this user may write there.
        private_directory(rest, setting="CACHE_URL")
        # diskcache's backend, minus closing its SQLite connections after each request.
        backend = "ops.cache.backends.PersistentDiskCache"
        return {"BACKEND": backend, "LOCATION": rest, "TIMEOUT": 300}
    if scheme in ("redis", "rediss"):
        return redis_cache(url)
    if scheme == "locmem":
        return {"BACKEND": "ops.cache.counting.LocMemCache"}
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    # Only the scheme: the rest of a URL may hold a password.
    given = f"{scheme}://…" if rest else url
    raise ImproperlyConfigured(
        "CACHE_URL must be diskcache:///path, redis://[:password@]host:port/db, "
        f"rediss://…, locmem:// or dummy://, got {given!r}"
    )
