"""``manage.py flush_api_usage [--days N]``: move buffered usage counts into the database now.

The scheduler does this every minute (``ops.apikeys.tasks``) for today and
yesterday; run it by hand before reading the tables directly, or with
``--days`` up to 7 after the scheduler was down for more than a day.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ops.apikeys import metering


class Command(BaseCommand):
    help = "Flush the API usage counted in the cache into the KeyUsage table."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=metering.FLUSH_DAYS,
            help=f"UTC days to collect, today first (1 to {metering.MAX_FLUSH_DAYS}; default "
            f"{metering.FLUSH_DAYS}).",
        )

    def handle(self, *args: Any, days: int, **options: Any) -> None:
        if not 1 <= days <= metering.MAX_FLUSH_DAYS:
            raise CommandError(f"--days must be between 1 and {metering.MAX_FLUSH_DAYS}")
        flushed = metering.flush(now=timezone.now(), days=days)
        if flushed.skipped:
            raise CommandError("Another flush is running (or the cache is down); try again soon")
        self.stdout.write(
            f"Flushed {flushed.rows} row(s): {flushed.requests:,} request(s), "
            f"{flushed.response_bytes:,} byte(s)."
        )
