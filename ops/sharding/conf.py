"""Reading the shards from the environment: ``name=url`` pairs, checked strictly.

``SHARD_DATABASE_URLS`` lists the databases on the ring and
``SHARD_DRAINING_DATABASE_URLS`` those being emptied (configured so the
rebalancer can read them, owning no keys), both as comma-separated
``name=url`` entries::

    SHARD_DATABASE_URLS=usage1=postgres://u:p@db1/usage,usage2=postgres://u:p@db2/usage

A shard's **name**, not its URL, is its place on the ring: a database can move
to another host (a new URL) without moving a single row, while renaming a
shard moves its keys.  That is why the entries are pairs and not a list of
URLs.  The bare name ``default`` (no URL) puts the ``default`` database
(``DATABASE_URL``) on the ring, which lets a site that kept its rows on
``default`` grow into shards without a first move of everything.

Empty (the default) means no sharding: every row stays on ``default``, as
before.  Anything malformed stops start-up with ``ImproperlyConfigured``
naming the variable and the entry.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from typing import Any

import environ
from django.core.exceptions import ImproperlyConfigured

NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
DEFAULT = "default"


@dataclass(frozen=True)
class ShardEntry:
    """One configured shard: its name and URL (None for the bare ``default``)."""

    name: str
    url: str | None


def parse_shard_urls(variable: str, raw: str, *, allow_default: bool = True) -> list[ShardEntry]:
    """The ``name=url`` entries of ``raw``, in order; ``ImproperlyConfigured`` for anything odd.

    >>> parse_shard_urls("SHARD_DATABASE_URLS", "default, s2=sqlite:////tmp/s2.sqlite3")
    [ShardEntry(name='default', url=None), ShardEntry(name='s2', url='sqlite:////tmp/s2.sqlite3')]
    >>> parse_shard_urls("SHARD_DATABASE_URLS", "")
    []
    >>> parse_shard_urls("SHARD_DATABASE_URLS", "s1=sqlite:////a,s1=sqlite:////b")
    Traceback (most recent call last):
    ...
    django.core.exceptions.ImproperlyConfigured: SHARD_DATABASE_URLS names the shard 's1' twice
    """
    entries: list[ShardEntry] = []
    for text in (part.strip() for part in raw.split(",")):
        if not text:
            continue
        name, equals, url = (part.strip() for part in text.partition("="))
        if name == DEFAULT:
            if not allow_default:
                raise ImproperlyConfigured(
                    f"{variable} cannot list 'default': the default database is always scanned"
                )
            if equals:
                raise ImproperlyConfigured(
                    f"{variable}: write 'default' bare, without a URL (its URL is DATABASE_URL)"
                )
            entries.append(ShardEntry(DEFAULT, None))
        elif not NAME.match(name):
            raise ImproperlyConfigured(
                f"{variable}: {name!r} is not a shard name (a lowercase letter, then up to 39 "
                "lowercase letters, digits or underscores); write name=url"
            )
        elif not equals or not url:
            raise ImproperlyConfigured(
                f"{variable}: the shard {name!r} has no URL; write {name}=url"
            )
        else:
            entries.append(ShardEntry(name, url))
        if [entry.name for entry in entries].count(entries[-1].name) > 1:
            raise ImproperlyConfigured(f"{variable} names the shard {entries[-1].name!r} twice")
    return entries


def check_disjoint(ring: list[ShardEntry], draining: list[ShardEntry]) -> None:
    """A shard is on the ring or draining, never both; draining needs a ring to drain into."""
    both = sorted({entry.name for entry in ring} & {entry.name for entry in draining})
    if both:
        raise ImproperlyConfigured(
            "SHARD_DATABASE_URLS and SHARD_DRAINING_DATABASE_URLS both name "
            f"{', '.join(both)}: a shard is either on the ring or draining"
        )
    if draining and not ring:
        raise ImproperlyConfigured(
            "SHARD_DRAINING_DATABASE_URLS is set but SHARD_DATABASE_URLS is empty: "
            "there is no ring to move the rows to"
        )


ENGINES = ("django.db.backends.sqlite3", "django.db.backends.postgresql")


def database_of(variable: str, entry: ShardEntry) -> dict[str, Any]:
    """The ``DATABASES`` entry of a shard with a URL (the caller tunes it like ``default``).

    >>> database_of("SHARD_DATABASE_URLS", ShardEntry("s1", "mysql://u:p@h/db"))
    Traceback (most recent call last):
    ...
    django.core.exceptions.ImproperlyConfigured: SHARD_DATABASE_URLS: the shard 's1' must be \
SQLite or PostgreSQL, got engine 'django.db.backends.mysql'
    """
    if entry.url is None:
        raise ImproperlyConfigured(f"{variable}: the shard {entry.name!r} has no URL")
    try:
        with warnings.catch_warnings():  # an unknown scheme warns, then fails the check below
            warnings.simplefilter("ignore")
            database = dict(environ.Env.db_url_config(entry.url))
    except Exception as error:  # django-environ raises several types for a bad URL
        raise ImproperlyConfigured(
            f"{variable}: the shard {entry.name!r} has an invalid URL ({error})"
        ) from None
    engine = database.get("ENGINE", "")
    if engine not in ENGINES:
        raise ImproperlyConfigured(
            f"{variable}: the shard {entry.name!r} must be SQLite or PostgreSQL, "
            f"got engine {engine!r}"
        )
    if not database.get("NAME") or database["NAME"] == ":memory:":
        raise ImproperlyConfigured(f"{variable}: the shard {entry.name!r} names no database")
    return database
