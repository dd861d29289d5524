"""A small desk's month of stories with known bylines and lengths, and helpers to build reports."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest

from newsbudget.accounts.models import User
from newsbudget.accounts.roles import REPORTER
from newsbudget.desks.models import Desk
from newsbudget.readership.models import StoryViews
from newsbudget.reports import services, tasks
from newsbudget.reports.models import DeskReport
from newsbudget.stories.models import Status, Story
from tests.factories import StoryFactory, staff_member

START = datetime.date(2026, 11, 1)
END = datetime.date(2026, 11, 30)
PUBLISHED = datetime.datetime(2026, 11, 3, 9, 30, tzinfo=datetime.UTC)


@pytest.fixture
def month(desk: Desk, other_desk: Desk) -> list[Story]:
    """Four News stories in November (one shared byline, one Live), and stories that must not count.

    Left out: a News story in October and one in December, and a Sports story in November.
    """
    ada = staff_member(REPORTER, desk, username="ada", first_name="Ada", last_name="Lovelace")
    bo = staff_member(REPORTER, desk, username="bo", first_name="Bo", last_name="Diaz")
    stories = [
        StoryFactory(
            desk=desk, headline="Floods close the ring road", status=Status.LIVE,
            budget_date=datetime.date(2026, 11, 3), word_count=800, bylines=[ada],
            published_at=PUBLISHED,
        ),
        StoryFactory(
            desk=desk, headline="Council budget, line by line", status=Status.DRAFT,
            budget_date=datetime.date(2026, 11, 3), word_count=1200, bylines=[ada, bo],
        ),
        StoryFactory(
            desk=desk, headline="School meals audit", status=Status.EDITED,
            budget_date=datetime.date(2026, 11, 30), word_count=650, bylines=[bo],
        ),
        StoryFactory(
            desk=desk, headline="Night bus trial", status=Status.SPIKED,
            budget_date=datetime.date(2026, 11, 1), word_count=300, bylines=[],
        ),
    ]  # fmt: skip
    StoryFactory(desk=desk, budget_date=datetime.date(2026, 10, 31), bylines=[ada])
    StoryFactory(desk=desk, budget_date=datetime.date(2026, 12, 1), bylines=[bo])
    sports = StoryFactory(desk=other_desk, budget_date=datetime.date(2026, 11, 15), bylines=[ada])
    # Page views: the Live story's within the range count (100 + 20), the day before and after
    # do not, nor do the other desk's.
    floods = stories[0]
    for day, count in [(3, 100), (30, 20)]:
        StoryViews.objects.create(story=floods, day=datetime.date(2026, 11, day), count=count)
    StoryViews.objects.create(story=floods, day=datetime.date(2026, 10, 31), count=7)
    StoryViews.objects.create(story=floods, day=datetime.date(2026, 12, 1), count=999)
    StoryViews.objects.create(story=sports, day=datetime.date(2026, 11, 15), count=50)
    return stories


@pytest.fixture
def built(
    desk: Desk,
    editor: User,
    month: list[Story],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> Callable[[str], DeskReport]:
    """Ask for November's News report as ``editor`` and run its task; the report afterwards."""

    def build(file_format: str) -> DeskReport:
        with django_capture_on_commit_callbacks(execute=False):
            report = services.request_report(
                by=editor, desk=desk, start=START, end=END, file_format=file_format
            )
        assert tasks.build_desk_report.call(report_id=report.pk) == "ready"
        report.refresh_from_db()
        return report

    return build
