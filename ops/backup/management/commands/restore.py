"""``manage.py restore BACKUP``: put a backup's database and media back, after checking it.

    manage.py restore latest --dry-run     # verify checksums and schema, say what would change
    manage.py restore 20261201T023000Z     # … then ask for confirmation and restore
    manage.py restore latest --yes         # without asking (scripts)

Refuses a damaged backup (checksums), one from another engine, and one from a
newer schema than this release knows.  Stop ``web``, ``worker`` and
``scheduler`` first (docs/operations.md, "Restore").
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ops.backup import services, store


class Command(BaseCommand):
    help = "Restore the database and media from a backup (a stamp, or 'latest')."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("backup", help="a backup's stamp (see backup --list) or 'latest'")
        parser.add_argument("--dry-run", action="store_true", help="check and describe only")
        parser.add_argument(
            "--yes", "--noinput", action="store_true", dest="yes", help="do not ask to confirm"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        storage = store.backup_storage()
        stamp = store.resolve(storage, options["backup"])

        def confirm(question: str) -> bool:
            return bool(options["yes"]) or input(question).strip() == "restore"

        services.restore_backup(stamp, self.say, confirm, dry_run=options["dry_run"])

    def say(self, line: str) -> None:
        self.stdout.write(line)
        self.stdout.flush()
