"""Views over a date range, per story: what desk reports will read."""

from __future__ import annotations

import datetime

from newsbudget.desks.models import Desk
from newsbudget.readership.models import StoryViews
from newsbudget.readership.queries import views_between
from newsbudget.stories.models import Status
from tests.factories import StoryFactory

MARCH = [datetime.date(2026, 3, day) for day in range(1, 32)]


def test_it_sums_each_story_over_the_days_asked_for_and_no_others(desk: Desk) -> None:
    read, unread, other = (StoryFactory(desk=desk, status=Status.LIVE) for _ in range(3))
    for day, count in [(MARCH[0], 100), (MARCH[1], 2), (MARCH[6], 3), (MARCH[7], 1000)]:
        StoryViews.objects.create(story=read, day=day, count=count)
    StoryViews.objects.create(story=other, day=MARCH[3], count=7)

    assert views_between([read.pk, unread.pk], MARCH[1], MARCH[6]) == {read.pk: 5}
