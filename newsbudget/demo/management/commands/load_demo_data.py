"""`manage.py load_demo_data`: fill an empty install with the demo newsroom, once.

It also turns the live budget board's flag on for staff, unless the flag exists already.
"""

from typing import Any

from django.core.management.base import BaseCommand

from newsbudget.demo.seed import (
    DEMO_PASSWORD,
    demo_data_present,
    enable_live_board,
    load_demo_data,
)


class Command(BaseCommand):
    help = "Load demo desks, staff and stories into an empty database (does nothing otherwise)."

    def handle(self, *args: Any, **options: Any) -> None:
        if enable_live_board():
            self.stdout.write("The live budget board is on for staff (flag budget_board_live).")
        if demo_data_present():
            self.stdout.write("Desks already exist; demo data not loaded.")
            return
        counts = load_demo_data()
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {counts['desks']} desks, {counts['staff']} staff and "
                f"{counts['stories']} stories. Log in as admin, editor or reporter "
                f"with password {DEMO_PASSWORD!r}; the first login asks you to set up "
                "two-factor authentication with an authenticator app."
            )
        )
