"""Fixtures for the stories suites: a newsroom big enough for the planner to choose indexes."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from newsbudget.accounts.models import User
from newsbudget.desks.models import Desk
from newsbudget.stories.models import Status, Story, Tag
from newsbudget.stories.query_shapes import Sample
from tests.bulk import bulk_desks, bulk_history, bulk_people, bulk_stories, bulk_tags

EVERY_STATUS = [
    *[Status.LIVE] * 12,
    *[Status.ARCHIVED] * 3,
    Status.IDEA,
    Status.DRAFT,
    Status.EDITED,
    Status.SCHEDULED,
    Status.SPIKED,
]
"""A newsroom's mix: most stories are out, a few are in the works at any time."""
# Every table a query shape reads: stale statistics (say, from autovacuum analysing a table
# while another test's rows were rolled back) make PostgreSQL plan for an empty table.
TABLES = [
    "stories_story",
    "stories_tag",
    "stories_story_tags",
    "stories_story_bylines",
    "stories_storytransition",
]


@pytest.fixture
def sample(desk: Desk) -> Sample:
    """A newsroom of 6 desks and 730 stories over 15 days, and sample values from it.

    The sample desk is a small one (30 stories), as most desks are next to the
    biggest: for a desk holding a sixth of all stories, PostgreSQL may rightly
    walk the newsroom-wide index instead of the desk's own.  On PostgreSQL the
    tables are then ANALYZEd, as autovacuum would: without statistics its
    planner guesses every table holds one row.  SQLite keeps no statistics
    unless asked, and production never asks, so it plans here as it would there.
    """
    other_desks, people, tags = bulk_desks(5), bulk_people(4), bulk_tags(4)
    today = timezone.localdate()
    for days_ago in range(15, 1, -1):  # oldest first, as a newsroom fills its tables
        newsday(today - datetime.timedelta(days=days_ago), 50, other_desks, people, tags)
    [story, *_] = newsday(today - datetime.timedelta(days=1), 30, [desk], people, tags)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {', '.join(TABLES)}")
    return Sample(
        desk=desk,
        tag=tags[0],
        story=story,
        slug=story.slug,
        day=story.budget_date,
        now=timezone.now(),
    )


def newsday(
    day: datetime.date, count: int, desks: list[Desk], people: list[User], tags: list[Tag]
) -> list[Story]:
    """``count`` stories of every status planned for ``day``; the first five have a history."""
    stories = bulk_stories(
        count,
        desks=desks,
        people=people,
        tags=tags,
        statuses=EVERY_STATUS,
        budget_date=day,
        newest=timezone.make_aware(datetime.datetime.combine(day, datetime.time(23))),
    )
    for story in stories[:5]:
        bulk_history(story, 4, by=people[0])
    return stories
