"""``manage.py retention``: apply the retention policies now, or ``--dry-run`` to see what goes."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ops.retention.policies import all_policies


class Command(BaseCommand):
    help = "Delete rows older than the retention settings allow, in batches (or --dry-run)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="count, delete nothing")
        parser.add_argument("--batch-size", type=int, default=settings.RETENTION_BATCH_SIZE)

    def handle(self, *args: Any, **options: Any) -> None:
        size = options["batch_size"]
        if not 1 <= size <= 100_000:
            raise CommandError("--batch-size must be between 1 and 100000")
        now = timezone.now()
        for policy in all_policies():
            cutoff = policy.cutoff(now).isoformat()
            if options["dry_run"]:
                count_due = getattr(policy, "count_due", None)  # sharded rows: every database
                count = count_due(now) if count_due else policy.due(now).count()
                self.stdout.write(f"{policy.name}: {count} before {cutoff} would be {policy.verb}")
                continue
            deleted = policy.apply(now, size, settings.RETENTION_BATCH_PAUSE_SECONDS)
            self.stdout.write(f"{policy.name}: {policy.verb} {deleted} before {cutoff}")
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was deleted.")
