"""The board runs a fixed, known number of queries however many stories the day holds.

A day with 5 stories and a day with 500 (every status of the plan, three desks,
up to three bylines and three tags each) must both cost exactly ``BOARD``
queries, so a query per story, per desk or per byline fails here.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.test import Client

from newsbudget.accounts.models import User
from newsbudget.desks.models import Desk
from newsbudget.stories.models import Status
from tests.bulk import bulk_people, bulk_stories, bulk_tags
from tests.factories import DeskFactory

SMALL_DAY = datetime.date(2026, 11, 23)
BIG_DAY = datetime.date(2026, 11, 24)
STATUSES = [Status.IDEA, Status.DRAFT, Status.EDITED, Status.SCHEDULED, Status.LIVE]

BOARD = 10
"""Session, user, the user's permissions (two), desks, the day's stories, bylines, tags,
the desks the editor staffs (asked once for every Move and Publish button), navigation."""


def plan_day(day: datetime.date, count: int, desks: list[Desk], reporter: User) -> None:
    bulk_stories(
        count,
        desks=desks,
        people=[reporter, *bulk_people(2)],
        tags=bulk_tags(3),
        statuses=STATUSES,
        budget_date=day,
    )


def assert_board_queries(client: Client, day: datetime.date, stories: int, assert_num: Any) -> None:
    with assert_num(BOARD):
        response = client.get(f"/newsroom/budget/{day.isoformat()}/")
    assert response.status_code == 200
    assert response.content.decode().count('<tr id="story-') == stories


def test_it_runs_the_same_queries_for_500_stories_as_for_5(
    client: Client,
    editor: User,
    reporter: User,
    desk: Desk,
    other_desk: Desk,
    django_assert_num_queries: Any,
) -> None:
    desks = [desk, other_desk, DeskFactory(name="Opinion", slug="opinion")]
    plan_day(SMALL_DAY, 5, desks, reporter)
    plan_day(BIG_DAY, 500, desks, reporter)
    client.force_login(editor)
    client.get("/newsroom/budget/")  # warm up per-process caches (content types, templates)

    assert_board_queries(client, SMALL_DAY, 5, django_assert_num_queries)
    assert_board_queries(client, BIG_DAY, 500, django_assert_num_queries)
