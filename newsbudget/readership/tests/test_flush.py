"""The scheduler's flush: each closed minute of views is added to the story's row for the day."""

from __future__ import annotations

import datetime

from django.utils import timezone

from newsbudget.desks.models import Desk
from newsbudget.readership import services
from newsbudget.readership.models import StoryViews
from newsbudget.readership.tasks import flush_page_views
from newsbudget.stories.models import Status, Story
from ops.counters.models import FlushedWindow
from tests.factories import StoryFactory

NOON = datetime.datetime(2026, 3, 1, 12, 0, 5, tzinfo=datetime.UTC)
MINUTE = datetime.timedelta(minutes=1)


def views(story: Story, times: int, at: datetime.datetime) -> None:
    for _ in range(times):
        assert services.count_view(story_id=story.pk, now=at)


def rows() -> list[tuple[int, str, int]]:
    return [
        (row.story_id, row.day.isoformat(), row.count)
        for row in StoryViews.objects.order_by("story_id", "day")
    ]


def test_it_adds_each_minute_to_the_story_row_of_the_day(live_story: Story, desk: Desk) -> None:
    other = StoryFactory(desk=desk, status=Status.LIVE)
    views(live_story, 3, NOON)
    views(other, 1, NOON)
    services.flush_page_views(now=NOON + 2 * MINUTE)
    views(live_story, 2, NOON + 5 * MINUTE)

    services.flush_page_views(now=NOON + 7 * MINUTE)

    assert rows() == [(live_story.pk, "2026-03-01", 5), (other.pk, "2026-03-01", 1)]
    assert FlushedWindow.objects.filter(counter="pageviews").count() == 2


def test_views_count_on_the_utc_day_of_their_minute(live_story: Story) -> None:
    midnight = datetime.datetime(2026, 3, 2, tzinfo=datetime.UTC)
    views(live_story, 2, midnight - datetime.timedelta(seconds=20))
    views(live_story, 1, midnight + datetime.timedelta(seconds=20))

    services.flush_page_views(now=midnight + 2 * MINUTE)

    assert rows() == [(live_story.pk, "2026-03-01", 2), (live_story.pk, "2026-03-02", 1)]


def test_views_of_a_story_deleted_before_the_flush_are_dropped(
    live_story: Story, desk: Desk
) -> None:
    doomed = StoryFactory(desk=desk, status=Status.LIVE)
    views(doomed, 2, NOON)
    views(live_story, 1, NOON)
    doomed.delete()

    services.flush_page_views(now=NOON + 2 * MINUTE)

    assert rows() == [(live_story.pk, "2026-03-01", 1)]


def test_flushing_again_writes_nothing_more(live_story: Story) -> None:
    views(live_story, 4, NOON)
    services.flush_page_views(now=NOON + 2 * MINUTE)

    again = services.flush_page_views(now=NOON + 3 * MINUTE)

    assert again.windows == 0
    assert rows() == [(live_story.pk, "2026-03-01", 4)]


def test_the_scheduled_task_flushes_the_closed_minutes(live_story: Story) -> None:
    services.count_view(story_id=live_story.pk, now=timezone.now() - 5 * MINUTE)  # closed

    result = flush_page_views.call()

    assert result == {"windows": 1, "views": 1, "already_flushed": 0, "postponed": 0}
    assert [count for _, _, count in rows()] == [1]
