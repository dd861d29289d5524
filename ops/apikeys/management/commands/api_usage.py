"""``manage.py api_usage [--days N] [--key PREFIX] [--csv]``: requests and bytes per key and day.

Counts include what is still buffered in the cache, so they are current to
the last request.  The table is aligned for reading; ``--csv`` writes the
same rows, with a header, to stdout for a spreadsheet::

    day         key           partner    endpoint    requests  bytes
    2026-03-02  nbk_3f9a2c1d  Acme News  story-list        12  48,213
"""

from __future__ import annotations

import csv
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ops.apikeys import queries
from ops.apikeys.management.commands.revoke_api_key import find
from ops.apikeys.models import APIKey

MAX_DAYS = 366
COLUMNS = ["day", "key", "partner", "endpoint", "requests", "bytes"]
NUMERIC = {"requests", "bytes"}


class Command(BaseCommand):
    help = "Print API usage per key, day and endpoint (a table, or CSV with --csv)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days", type=int, default=7, help="UTC days, today first (default 7)."
        )
        parser.add_argument("--key", help="Only the key with this prefix.")
        parser.add_argument("--csv", action="store_true", help="CSV with a header row.")

    def handle(self, *args: Any, days: int, key: str | None, **options: Any) -> None:
        if not 1 <= days <= MAX_DAYS:
            raise CommandError(f"--days must be between 1 and {MAX_DAYS}")
        chosen = [find(key).pk] if key else None
        rows = queries.usage_rows(key_ids=chosen, days=days, now=timezone.now())
        named = APIKey.objects.in_bulk({row.key_id for row in rows})
        records = [
            {
                "day": row.day.isoformat(),
                "key": named[row.key_id].prefix,
                "partner": named[row.key_id].partner,
                "endpoint": row.endpoint,
                "requests": row.requests,
                "bytes": row.response_bytes,
            }
            for row in rows
            if row.key_id in named
        ]
        if options["csv"]:
            self.write_csv(records)
        elif records:
            self.write_table(records)
        else:
            self.stdout.write(f"No API usage in the last {days} day(s).")

    def write_csv(self, records: list[dict[str, Any]]) -> None:
        writer = csv.DictWriter(self.stdout, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(records)

    def write_table(self, records: list[dict[str, Any]]) -> None:
        cells = [
            {name: f"{value:,}" if name in NUMERIC else str(value) for name, value in row.items()}
            for row in records
        ]
        totals = {
            "day": "total",
            "requests": f"{sum(record['requests'] for record in records):,}",
            "bytes": f"{sum(record['bytes'] for record in records):,}",
        }
        width = {
            name: max(len(name), *(len(row.get(name, "")) for row in [*cells, totals]))
            for name in COLUMNS
        }
        for row in [dict(zip(COLUMNS, COLUMNS, strict=True)), *cells, totals]:
            line = "  ".join(
                row.get(name, "").rjust(width[name])
                if name in NUMERIC
                else row.get(name, "").ljust(width[name])
                for name in COLUMNS
            )
            self.stdout.write(line.rstrip())
