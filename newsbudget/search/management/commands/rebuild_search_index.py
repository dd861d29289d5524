"""`manage.py rebuild_search_index`: rewrite every story's search document, showing progress.

Safe to run at any time, on a live site: each batch is its own transaction,
so searches keep working (on the old text of stories not yet rewritten).
Run it after restoring a backup, after a change to what is indexed, or when
the index has drifted (docs/search.md, "When the index drifts").
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from newsbudget.search.services import REBUILD_BATCH, rebuild_index


class Command(BaseCommand):
    help = "Rebuild the full-text search index of every story, in batches."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch-size", type=int, default=REBUILD_BATCH, help="Stories per transaction."
        )

    def handle(self, *args: Any, batch_size: int, **options: Any) -> None:
        if batch_size < 1:
            self.stderr.write("--batch-size must be at least 1.")
            raise SystemExit(2)

        def progress(done: int, total: int) -> None:
            self.stdout.write(f"Indexed {done}/{total} stories")

        count = rebuild_index(batch_size=batch_size, progress=progress)
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {count} stories."))
