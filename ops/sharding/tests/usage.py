"""API usage written through the real path (metering + flush) and read back from every database."""

from __future__ import annotations

import datetime
from collections import Counter

from django.db import connections

from ops.apikeys import metering, services
from ops.apikeys.models import KeyUsage
from ops.sharding import placement

NOW = datetime.datetime(2026, 3, 2, 12, 0, tzinfo=datetime.UTC)
ENDPOINTS = ["desks", "story-list", "other"]


def write_usage(keys: int) -> list[int]:
    """Issue ``keys`` keys and meter requests of each over two days; flush them (the real job)."""
    key_ids = [services.issue_key(partner=f"Partner {n}").key.pk for n in range(keys)]
    for moment in (NOW - datetime.timedelta(days=1), NOW):
        for key_id in key_ids:
            for number, endpoint in enumerate(ENDPOINTS):
                for _ in range(1 + (key_id + number) % 3):
                    metering.record(
                        key_id=key_id, endpoint=endpoint, response_bytes=100, now=moment
                    )
        metering.flush(now=moment)
    return key_ids


def rows_by_database() -> dict[str, list[tuple[int, datetime.date, str, int, int]]]:
    """Every usage row on every database, as (key, day, endpoint, requests, bytes)."""
    found = {}
    for alias in connections:
        if KeyUsage._meta.db_table in connections[alias].introspection.table_names():
            found[alias] = sorted(
                KeyUsage.objects.using(alias).values_list(
                    "key_id", "day", "endpoint", "count", "response_bytes"
                )
            )
    return found


def totals() -> Counter[str]:
    """Requests and bytes summed over every row on every database."""
    summed: Counter[str] = Counter()
    for rows in rows_by_database().values():
        for _, _, _, requests, response_bytes in rows:
            summed["requests"] += requests
            summed["bytes"] += response_bytes
    return summed


def misplaced() -> list[tuple[str, int]]:
    """(database, key) of every row that is not on the shard owning its key."""
    return [
        (alias, row[0])
        for alias, rows in rows_by_database().items()
        for row in rows
        if placement.shard_for(row[0]) != alias
    ]
