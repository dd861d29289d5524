"""Counting keyed requests in the shared cache, and flushing the counts to the database in batches.

``record`` runs once per keyed request and writes nothing to the database:
it adds 1 to a request counter and the response size to a byte counter, both
atomic ``incr``s in the default cache, under the key, the UTC day and the
endpoint (``endpoints.endpoint_of``).  A counter that does not exist yet is
created with ``cache.add(name, 0, timeout)`` (set-if-absent, so two first
requests cannot both create it) and incremented again.

``flush`` runs every minute from the scheduler (``tasks``) and moves the
counts into ``KeyUsage`` rows, each on the shard that owns its key
(``ops.sharding``; ``default`` when sharding is off): one transaction per
shard.

**What to flush, without scanning the cache.**  No cache backend lists its
keys cheaply (Redis would ``SCAN`` a keyspace full of pages; locmem and
diskcache cannot through Django's API), so the flush computes every name a
count can live under: each key that could have been used in the window (one
query: not revoked or expired before the window began) × each route name of
the API (``endpoints.metered_endpoints``) × the last ``days`` UTC days
(today and yesterday, so a day that ended between two flushes is still
collected) × {requests, bytes}, read with ``get_many`` in chunks.  That is
4 · keys · endpoints names: 40 000 for 1 000 keys and 10 endpoints, a few
``MGET``s a minute.  A site with very many more keys would keep an index of
the counters in use instead (at the price of a write per new counter).

**Lossless under concurrency.**  The flush reads each count ``v`` and then
claims it with ``incr(name, -v)``: a decrement, not a reset to zero, so a
request counted between the read and the claim stays in the buffer for the
next flush.  The claimed counts are then added to their rows
(``count = count + v``, or a new row) in one transaction; if that fails, the
counts are given back (``incr(name, +v)``) and the flush raises.

**The crash window** is between the claim and the commit: a flush killed
there (SIGKILL, a lost machine) loses the counts of that one batch — at most
about a minute of traffic of the keys in it.  Writing the rows first and
claiming afterwards would instead count that batch twice after a crash; we
prefer to undercount a partner than to bill requests it never made.  With
several shards, a shard whose transaction fails gets its counts back and the
flush raises; the shards that committed keep theirs (given back, they would
be written twice).

**One flush at a time.**  A lock (``cache.add`` with a timeout) keeps two
schedulers from claiming the same counts at once.  Without it nothing would
be lost either, but a count claimed by both would be written twice and only
corrected (the buffer going negative, which no flush claims, until new
requests make it positive) afterwards.

When the cache is unavailable, ``record`` logs and drops the count (the
request is still served), and ``flush`` does nothing.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import secrets
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F, Q

from ops.apikeys.endpoints import metered_endpoints
from ops.apikeys.models import APIKey, KeyUsage
from ops.apikeys.periods import day_start, recent_days, utc_day
from ops.sharding import placement

logger = logging.getLogger(__name__)

BUFFER_PREFIX = "apikeys:buffer"
BUFFER_TIMEOUT = 8 * 86400
"""Seconds a buffered count lives: long enough for ``flush_api_usage --days 7`` to collect it."""
FLUSH_DAYS = 2
MAX_FLUSH_DAYS = 7
LOCK_NAME = "apikeys:flush-lock"
LOCK_TIMEOUT = 300
GET_MANY_CHUNK = 1000

Slot = tuple[int, datetime.date, str]
"""A usage row's identity: key id, UTC day, endpoint."""


@dataclass(frozen=True)
class Counts:
    requests: int = 0
    response_bytes: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.requests + other.requests, self.response_bytes + other.response_bytes)


@dataclass(frozen=True)
class Flushed:
    """What one flush moved into the database (nothing if another flush held the lock)."""

    rows: int = 0
    requests: int = 0
    response_bytes: int = 0
    skipped: bool = False


# --- Recording ----------------------------------------------------------------


def record(*, key_id: int, endpoint: str, response_bytes: int, now: datetime.datetime) -> None:
    """Count one request of ``key_id`` to ``endpoint`` that got ``response_bytes`` bytes."""
    requests_name, bytes_name = buffer_names((key_id, utc_day(now), endpoint))
    try:
        add_to(requests_name, 1)
        if response_bytes:
            add_to(bytes_name, response_bytes)
    except Exception as error:  # metering must never fail the request
        logger.warning(
            "API usage not metered (cache unavailable: %s) for key %s on %s",
            type(error).__name__, key_id, endpoint,
        )  # fmt: skip


def add_to(name: str, delta: int) -> int:
    """Add ``delta`` to the counter ``name``, creating it at 0 first if it does not exist."""
    try:
        return cache.incr(name, delta)
    except ValueError:
        cache.add(name, 0, timeout=BUFFER_TIMEOUT)
        return cache.incr(name, delta)


def buffer_names(slot: Slot) -> tuple[str, str]:
    """The cache names of a slot's request and byte counters."""
    key_id, day, endpoint = slot
    base = f"{BUFFER_PREFIX}:{day.isoformat()}:{key_id}:{endpoint}"
    return f"{base}:requests", f"{base}:bytes"


# --- Reading the buffer ---------------------------------------------------------


def buffered(
    key_ids: Iterable[int], days: Iterable[datetime.date], endpoints: Sequence[str] | None = None
) -> dict[Slot, Counts]:
    """The counts waiting in the cache for these keys and days (slots with nothing are left out)."""
    endpoints = metered_endpoints() if endpoints is None else endpoints
    slots = [(key_id, day, name) for key_id in key_ids for day in days for name in endpoints]
    names = {slot: buffer_names(slot) for slot in slots}
    stored = get_many([name for pair in names.values() for name in pair])
    found = {}
    for slot, (requests_name, bytes_name) in names.items():
        counts = Counts(int(stored.get(requests_name, 0)), int(stored.get(bytes_name, 0)))
        if counts.requests or counts.response_bytes:
            found[slot] = counts
    return found


def get_many(names: list[str]) -> dict[str, int]:
    stored: dict[str, int] = {}
    for chunk in chunks(names, GET_MANY_CHUNK):
        stored.update(cache.get_many(chunk))
    return stored


def chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def keys_usable_since(moment: datetime.datetime) -> list[int]:
    """Ids of keys that were neither revoked nor expired at ``moment`` (they may have counts)."""
    usable = Q(revoked_at__isnull=True) | Q(revoked_at__gte=moment)
    unexpired = Q(expires_at__isnull=True) | Q(expires_at__gte=moment)
    return list(APIKey.objects.filter(usable, unexpired).values_list("pk", flat=True))


# --- Flushing -------------------------------------------------------------------


def flush(*, now: datetime.datetime, days: int = FLUSH_DAYS) -> Flushed:
    """Move the buffered counts of the last ``days`` UTC days into ``KeyUsage``."""
    if not 1 <= days <= MAX_FLUSH_DAYS:
        raise ValueError(f"A flush covers 1 to {MAX_FLUSH_DAYS} days, got {days}")
    token = secrets.token_hex(8)
    if not cache.add(LOCK_NAME, token, timeout=LOCK_TIMEOUT):
        logger.info("API usage flush skipped: another flush is running (or the cache is down)")
        return Flushed(skipped=True)
    try:
        window = recent_days(now, days)
        pending = claimable(buffered(keys_usable_since(day_start(window[-1])), window))
        claimed = claim(pending)
        add_to_rows(claimed)
    finally:
        if cache.get(LOCK_NAME) == token:
            cache.delete(LOCK_NAME)
    flushed = Flushed(
        rows=len(claimed),
        requests=sum(counts.requests for counts in claimed.values()),
        response_bytes=sum(counts.response_bytes for counts in claimed.values()),
    )
    if claimed:
        logger.info(
            "Flushed API usage: %s row(s), %s request(s), %s byte(s)",
            flushed.rows, flushed.requests, flushed.response_bytes,
        )  # fmt: skip
    return flushed


def claimable(found: dict[Slot, Counts]) -> dict[Slot, Counts]:
    """Positive counts only: a negative one is a past double claim that new requests will repay."""
    return {
        slot: Counts(max(counts.requests, 0), max(counts.response_bytes, 0))
        for slot, counts in found.items()
        if counts.requests > 0 or counts.response_bytes > 0
    }


def claim(pending: dict[Slot, Counts]) -> dict[Slot, Counts]:
    """Take ``pending`` out of the buffer by decrementing (never resetting) each counter.

    Returns what was taken: if the cache fails part-way, the rest stays buffered
    for the next flush and only what was claimed is written.
    """
    claimed: dict[Slot, Counts] = {}
    for slot, counts in pending.items():
        requests_name, bytes_name = buffer_names(slot)
        taken = [0, 0]
        try:
            taken[0] = take(requests_name, counts.requests)
            taken[1] = take(bytes_name, counts.response_bytes)
        except Exception as error:  # the cache went away: write what is already claimed
            logger.warning("API usage flush stopped claiming (%s)", type(error).__name__)
            if any(taken):
                claimed[slot] = Counts(*taken)
            break
        claimed[slot] = Counts(*taken)
    return claimed


def take(name: str, value: int) -> int:
    """Claim ``value`` from the counter ``name``; the amount claimed."""
    if value:
        # A counter that expired since it was read cannot be flushed by anyone else:
        # its count is written all the same.
        with contextlib.suppress(ValueError):
            cache.incr(name, -value)
    return value


def give_back(claimed: dict[Slot, Counts]) -> None:
    """Return claimed counts to the buffer after a failed write, so the next flush retries them."""
    for slot, counts in claimed.items():
        requests_name, bytes_name = buffer_names(slot)
        try:
            if counts.requests:
                add_to(requests_name, counts.requests)
            if counts.response_bytes:
                add_to(bytes_name, counts.response_bytes)
        except Exception:  # the cache is gone too: nothing left to do but say so
            logger.error("Lost API usage of key %s on %s (%s): %s", *slot, counts)


def add_to_rows(claimed: dict[Slot, Counts]) -> None:
    """Add each slot's counts to its row (creating it): one transaction per shard.

    The slots of a shard whose transaction fails are given back to the buffer
    (the next flush retries them) and the first error is raised once every
    shard was tried.
    """
    failure: Exception | None = None
    for alias, key_ids in sorted(placement.by_shard({key_id for key_id, _, _ in claimed}).items()):
        owned = set(key_ids)
        slots = {slot: counts for slot, counts in claimed.items() if slot[0] in owned}
        try:
            add_to_shard(alias, slots)
        except Exception as error:
            give_back(slots)
            failure = failure or error
    if failure is not None:
        raise failure


def add_to_shard(alias: str, slots: dict[Slot, Counts]) -> None:
    """Add ``slots`` to their rows on ``alias`` in one transaction (in slot order: no deadlock)."""
    with transaction.atomic(using=alias):
        for slot, counts in sorted(slots.items()):
            if not add_to_row(slot, counts):
                try:
                    with transaction.atomic(using=alias):
                        create_row(slot, counts)
                except IntegrityError:
                    # Created by someone else between our UPDATE and INSERT.
                    add_to_row(slot, counts)


def add_to_row(slot: Slot, counts: Counts) -> bool:
    key_id, day, endpoint = slot
    updated = (
        placement.rows_of(KeyUsage, key_id)
        .filter(day=day, endpoint=endpoint)
        .update(
            count=F("count") + counts.requests,
            response_bytes=F("response_bytes") + counts.response_bytes,
        )
    )
    return updated > 0


def create_row(slot: Slot, counts: Counts) -> None:
    key_id, day, endpoint = slot
    # save() routes the row by its key_id (ops.sharding.router).
    KeyUsage(
        key_id=key_id,
        day=day,
        endpoint=endpoint,
        count=counts.requests,
        response_bytes=counts.response_bytes,
    ).save(force_insert=True)
