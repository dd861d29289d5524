"""``manage.py protection_report``: how many requests each defence refused, per day.

Reads the per-reason daily counts ``ops.throttle.events`` keeps in the shared
cache (8 days are kept)::

    reason                  2026-11-22  2026-11-23
    bad-user-agent                  12           3
    rate:login                       0          41
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ops.throttle.events import COUNT_RETENTION_SECONDS, counts, utc_today

MAX_DAYS = COUNT_RETENTION_SECONDS // 86400


class Command(BaseCommand):
    help = "Print how many requests each defence (rate limits, bot blocks, API keys) refused."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=2, help=f"1 to {MAX_DAYS} (default 2)")

    def handle(self, *args: Any, days: int, **options: Any) -> None:
        if not 1 <= days <= MAX_DAYS:
            raise CommandError(f"--days must be between 1 and {MAX_DAYS}, got {days}")
        today = utc_today()
        dates = [today - datetime.timedelta(days=back) for back in reversed(range(days))]
        per_day = [counts(day) for day in dates]
        reasons = list(per_day[0])
        width = max(len("reason"), *(len(reason) for reason in reasons))
        header = "reason".ljust(width) + "".join(f"  {day.isoformat():>10}" for day in dates)
        self.stdout.write(header)
        for reason in reasons:
            cells = "".join(f"  {day_counts[reason]:>10}" for day_counts in per_day)
            self.stdout.write(reason.ljust(width) + cells)
