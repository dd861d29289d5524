"""``manage.py rebalance_shards [--dry-run] [--batch-size N]``: rows to the shard that owns them.

Run it after changing ``SHARD_DATABASE_URLS`` (a shard added, or moved to
``SHARD_DRAINING_DATABASE_URLS``) and deploying that configuration to every
process; docs/sharding.md has the whole procedure.  It prints a line per
batch and a summary per source → target::

    apikeys.keyusage: s1 → s4: 1000 row(s) moved (1000 so far)
    ...
    Moved 2,481 row(s):
      s1 → s4: 1,000
      s2 → s4: 1,481

Re-running it is always safe: a finished run moves nothing, and a run cut
short (a crash, Ctrl-C) is completed by the next one without copying twice.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ops.sharding import placement
from ops.sharding.rebalance import rebalance


class Command(BaseCommand):
    help = "Move sharded rows whose owner changed to their shard (after adding or draining one)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Count the rows that would move; move none."
        )
        parser.add_argument(
            "--batch-size", type=int, default=1000, help="Rows per batch (default 1000)."
        )

    def handle(self, *args: Any, dry_run: bool, batch_size: int, **options: Any) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        if not placement.enabled():
            raise CommandError("Sharding is off (SHARD_DATABASE_URLS is empty): nothing to do.")
        draining = placement.draining_names()
        self.stdout.write(
            f"Ring: {', '.join(placement.ring_names())}"
            + (f"; draining: {', '.join(draining)}" if draining else "")
        )
        report = rebalance(batch_size=batch_size, dry_run=dry_run, progress=self.stdout.write)
        verb = "Would move" if dry_run else "Moved"
        self.stdout.write(f"{verb} {report.total:,} row(s)" + (":" if report.total else "."))
        for (source, target), rows in sorted(report.moved.items()):
            self.stdout.write(f"  {source} → {target}: {rows:,}")
        if report.changed:
            self.stdout.write(
                self.style.WARNING(
                    f"{report.changed:,} row(s) changed while moving (a process still writing "
                    "with the old configuration?): run rebalance_shards again."
                )
            )
        if report.forgotten_markers:
            self.stdout.write(f"Forgot {report.forgotten_markers} marker(s) of an earlier crash.")
