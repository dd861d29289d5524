"""The board runs a fixed number of queries however many stories the day holds."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from newsbudget.accounts.models import User
from newsbudget.desks.models import Desk
from newsbudget.stories.models import Status
from tests.factories import DeskFactory, StoryFactory, TagFactory, UserFactory

SMALL_DAY = datetime.date(2026, 11, 23)
BIG_DAY = datetime.date(2026, 11, 24)
STATUSES = [Status.IDEA, Status.DRAFT, Status.EDITED, Status.SCHEDULED, Status.LIVE]


def plan_day(day: datetime.date, count: int, desks: list[Desk]) -> None:
    tags = [TagFactory(), TagFactory()]
    people = [UserFactory() for _ in range(3)]
    for number in range(count):
        StoryFactory(
            desk=desks[number % len(desks)],
            budget_date=day,
            status=STATUSES[number % len(STATUSES)],
            bylines=people[: 1 + number % 3],
            tags=tags[: number % 3],
        )


def queries_for(client: Client, day: datetime.date, *, stories: int) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/newsroom/budget/{day.isoformat()}/")
    assert response.status_code == 200
    assert response.content.decode().count('<tr id="story-') == stories
    return len(captured)


def test_it_runs_as_many_queries_for_200_stories_as_for_5(
    client: Client, editor: User, desk: Desk, other_desk: Desk
) -> None:
    desks = [desk, other_desk, DeskFactory(name="Opinion", slug="opinion")]
    plan_day(SMALL_DAY, 5, desks)
    plan_day(BIG_DAY, 200, desks)
    client.force_login(editor)
    client.get("/newsroom/budget/")  # warm up per-process caches (content types, templates)

    small = queries_for(client, SMALL_DAY, stories=5)
    big = queries_for(client, BIG_DAY, stories=200)

    assert small == big, f"{small} queries for 5 stories but {big} for 200"
