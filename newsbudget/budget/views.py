"""The budget board: a day's stories desk by desk, with moves between days and a Publish button.

The board is a staff page (``stories.views.staff_page``).  It runs a fixed
number of queries however many stories a day holds: ``budget_for`` fetches the
stories with their relations, and ``policies`` answers for each story from the
viewer's desks (read once) and the prefetched bylines.

With the ``budget_board_live`` flag on for the viewer, the page also carries
what its script needs to stay live (docs/realtime.md): where the realtime
process is, and the number of the latest board event, read before the
stories so that anything that changes meanwhile is replayed, not lost.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_POST
from waffle import flag_is_active

from newsbudget.accounts.models import User
from newsbudget.budget import events, services
from newsbudget.budget.forms import DayForm, MoveForm
from newsbudget.budget.queries import DeskPlan, budget_for
from newsbudget.budget.services import SETTLED
from newsbudget.stories import policies
from newsbudget.stories.errors import NotPermitted
from newsbudget.stories.models import Story
from newsbudget.stories.views import StaffRequest, staff_page
from newsbudget.stories.workflow import TRANSITIONS

PUBLISH = TRANSITIONS["publish"]


@dataclass(frozen=True)
class BoardEntry:
    """One story on the board, with what the viewer may do to it from there."""

    story: Story
    may_move: bool
    may_publish: bool


@dataclass(frozen=True)
class DeskRow:
    """One desk on the board."""

    plan: DeskPlan
    entries: list[BoardEntry]

    @property
    def has_actions(self) -> bool:
        return any(entry.may_move or entry.may_publish for entry in self.entries)


def desk_row(user: User, plan: DeskPlan) -> DeskRow:
    entries = [
        BoardEntry(
            story=story,
            may_move=policies.may_move(user, story) and story.status not in SETTLED,
            may_publish=story.status in PUBLISH.sources
            and policies.may_transition(user, story, PUBLISH),
        )
        for story in plan.stories
    ]
    return DeskRow(plan, entries)


def render_board(
    request: StaffRequest,
    day: datetime.date,
    *,
    day_form: DayForm | None = None,
    status: int = 200,
) -> HttpResponse:
    live = live_board(request)
    rows = [desk_row(request.user, plan) for plan in budget_for(day)]
    context = {
        "live": live,
        "day": day,
        "board_url": reverse("budget:day", kwargs={"day": day}),
        "rows": rows,
        "previous_day": _shift(day, -1),
        "next_day": _shift(day, 1),
        "is_today": day == timezone.localdate(),
        "day_form": day_form or DayForm(initial={"day": day}),
        "publish": PUBLISH,
    }
    return render(request, "budget/day.html", context, status=status)


def live_board(request: StaffRequest) -> dict[str, object] | None:
    """What the live board's script needs, or None with the flag off (the page as before)."""
    if not flag_is_active(request, events.LIVE_FLAG):
        return None
    return {"url": settings.REALTIME_URL or "/ws/budget/", "seq": events.current_sequence()}


def _shift(day: datetime.date, days: int) -> datetime.date | None:
    """The day ``days`` away, or None past the calendar's ends (year 1 and 9999)."""
    try:
        return day + datetime.timedelta(days=days)
    except OverflowError:
        return None


@staff_page
def today(request: StaffRequest) -> HttpResponse:
    """Today's budget; ``?day=YYYY-MM-DD`` (the date picker) jumps to that day's page."""
    if "day" not in request.GET:
        return render_board(request, timezone.localdate())
    form = DayForm(request.GET)
    if form.is_valid():
        return redirect("budget:day", day=form.cleaned_data["day"])
    messages.error(request, "That is not a date; pick a day with the date picker.")
    return render_board(request, timezone.localdate(), day_form=form, status=400)


@staff_page
def day(request: StaffRequest, day: datetime.date) -> HttpResponse:
    return render_board(request, day)


@staff_page
@require_POST
def move(request: StaffRequest, pk: int) -> HttpResponse:
    """Plan the story for the POSTed ``budget_date``, then show the day it was on."""
    story = get_object_or_404(Story.objects.select_related("desk"), pk=pk)
    if not policies.may_move(request.user, story):
        raise NotPermitted("You cannot move stories on this desk.")
    was_on = story.budget_date
    form = MoveForm(request.POST)
    if not form.is_valid():
        problems = " ".join(str(message) for message in form.errors["budget_date"])
        messages.error(request, f"Not moved: {problems}")
        return render_board(request, was_on, status=400)
    try:
        services.move_story(
            story=story, budget_date=form.cleaned_data["budget_date"], by=request.user
        )
    except ValidationError as error:
        messages.error(request, f"Not moved: {' '.join(error.messages)}")
        return render_board(request, was_on, status=400)
    new_day = date_format(form.cleaned_data["budget_date"], "D j M Y")
    messages.success(request, f"Moved “{story.headline}” to {new_day}.")
    return redirect("budget:day", day=was_on)
