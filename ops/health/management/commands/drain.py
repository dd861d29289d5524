"""``manage.py drain [--off | --status]``: take this node out of rotation, or put it back.

``drain`` makes /readyz answer 503 ``draining`` while the node goes on
serving what it is sent; a health-checking balancer stops routing to it
within its check interval.  ``drain --off`` puts it back.  ``--status``
prints the state and exits 0 when serving, 3 when draining (for scripts).
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ops.health import drain


class Command(BaseCommand):
    help = "Set or clear this node's drain flag: /readyz answers 503 while it is set."

    def add_arguments(self, parser: CommandParser) -> None:
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--off", action="store_true", help="Stop draining: serve again.")
        mode.add_argument(
            "--status", action="store_true", help="Print the state; exit 3 if draining."
        )
        parser.add_argument("--reason", default="", help="Kept in the flag file, for people.")

    def handle(self, *args: Any, off: bool, status: bool, reason: str, **options: Any) -> None:
        path = drain.drain_file()
        if status:
            draining = drain.is_draining()
            self.stdout.write(f"{'draining' if draining else 'serving'} ({path})")
            if draining:
                sys.exit(3)
            return
        if off:
            was = drain.stop_draining()
            self.stdout.write(
                f"Serving again{'' if was else ' (was not draining)'}: {path} removed."
            )
            return
        try:
            drain.start_draining(reason)
        except OSError as error:
            raise CommandError(f"Could not write the drain flag {path}: {error}") from None
        self.stdout.write(f"Draining: /readyz answers 503 until `manage.py drain --off` ({path}).")
