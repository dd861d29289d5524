"""`manage.py load_demo_data`: fill an empty install with the demo newsroom, once.

It also turns the live budget board's flag on for staff, unless the flag exists already.
The editorial pages are created on an install that already has its newsroom too
(``demo.pages`` creates only what is missing), so an older demo gets them.
"""

from typing import Any

from django.core.management.base import BaseCommand

from newsbudget.demo.pages import create_pages
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
            created = create_pages()["pages"]
            self.stdout.write(
                f"Desks already exist; demo data not loaded ({created} editorial page(s) added)."
            )
            return
        counts = load_demo_data()
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {counts['desks']} desks, {counts['staff']} staff, "
                f"{counts['stories']} stories and {counts['pages']} editorial pages. "
                "Log in as admin, editor or reporter "
                f"with password {DEMO_PASSWORD!r}; the first login asks you to set up "
                "two-factor authentication with an authenticator app."
            )
        )
