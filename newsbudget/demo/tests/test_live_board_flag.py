"""The demo install turns the live budget board on for staff, and leaves an admin's choice alone."""

from __future__ import annotations

from django.core.management import call_command
from waffle.models import Flag

from newsbudget.budget.events import LIVE_FLAG


def test_it_turns_the_live_board_on_for_staff(db: None) -> None:
    call_command("load_demo_data", verbosity=0)
    flag = Flag.objects.get(name=LIVE_FLAG)
    assert flag.staff
    assert flag.everyone is None


def test_it_keeps_the_flag_an_admin_turned_off(db: None) -> None:
    Flag.objects.create(name=LIVE_FLAG, everyone=False)
    call_command("load_demo_data", verbosity=0)
    assert Flag.objects.get(name=LIVE_FLAG).everyone is False
