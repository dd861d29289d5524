"""`manage.py check_search_index [--repair]`: which stories' search documents have drifted.

Drift is what the after-commit signals cannot see: bulk writes (``update()``,
``bulk_create``), a failed index write, rows restored or edited outside
Django.  Without ``--repair`` the command only reports, and exits 1 when it
found drift (for monitoring); with it, the drifted documents are rewritten at
once (the scheduler does this every night: ``newsbudget.search.tasks``).
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from newsbudget.search.services import Drift, check_index

SHOWN = 20  # story ids listed per kind; the counts are always whole


class Command(BaseCommand):
    help = "Report (and with --repair, mend) stories whose search document no longer matches."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--repair", action="store_true", help="Rewrite the drifted documents now."
        )

    def handle(self, *args: Any, repair: bool, **options: Any) -> None:
        drift = check_index(repair=repair)
        self.report(drift)
        if not drift.found:
            self.stdout.write(self.style.SUCCESS("The search index is in step."))
        elif repair:
            self.stdout.write(self.style.SUCCESS("Repaired."))
        else:
            self.stderr.write("Run with --repair (or rebuild_search_index) to mend it.")
            raise SystemExit(1)

    def report(self, drift: Drift) -> None:
        self.stdout.write(f"Checked {drift.checked} stories.")
        for kind, ids in (("without a document", drift.missing), ("stale", drift.stale)):
            if ids:
                more = f" (and {len(ids) - SHOWN} more)" if len(ids) > SHOWN else ""
                listed = ", ".join(str(pk) for pk in ids[:SHOWN])
                self.stdout.write(f"{len(ids)} {kind}: {listed}{more}")
        if not drift.engine_in_step:
            self.stdout.write("The engine's index disagrees with the documents.")
