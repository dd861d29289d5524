"""``manage.py backup``: a new backup of the database and media; ``--verify`` proves it restores.

    manage.py backup                     # snapshot, upload, prune old backups
    manage.py backup --verify            # … then restore it into a scratch database and compare
    manage.py backup --verify-existing latest|<stamp>   # only the drill, on a backup made before
    manage.py backup --list              # the complete backups, oldest first

On PostgreSQL, ``--verify`` creates (and drops) a scratch database on the same
server, so the database user needs the CREATEDB privilege.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ops.backup import services, store


class Command(BaseCommand):
    help = "Back up the database and media to the private storage; optionally prove a restore."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--verify", action="store_true", help="restore the new backup into a scratch copy"
        )
        parser.add_argument(
            "--verify-existing", metavar="BACKUP", help="only verify BACKUP (a stamp or 'latest')"
        )
        parser.add_argument("--no-prune", action="store_true", help="keep every old backup")
        parser.add_argument("--list", action="store_true", help="list the complete backups")

    def handle(self, *args: Any, **options: Any) -> None:
        storage = store.backup_storage()
        if options["list"]:
            for stamp in store.stamps(storage):
                self.say(services.summary(stamp, store.manifest_of(storage, stamp)))
            return
        if options["verify_existing"]:
            services.verify_backup(store.resolve(storage, options["verify_existing"]), self.say)
            return
        made = services.make_backup(self.say, prune=not options["no_prune"])
        if made.pruned:
            self.say(f"Pruned {len(made.pruned)} old backup(s): {', '.join(made.pruned)}")
        if options["verify"]:
            services.verify_backup(made.stamp, self.say)

    def say(self, line: str) -> None:
        self.stdout.write(line)
        self.stdout.flush()
