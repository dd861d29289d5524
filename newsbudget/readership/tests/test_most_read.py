"""The most-read list of a desk: its Live stories by views over the last days, on its front page."""

from __future__ import annotations

import datetime
from typing import Any

from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings

from newsbudget.desks.models import Desk
from newsbudget.readership import services
from newsbudget.readership.models import StoryViews
from newsbudget.readership.queries import most_read_on, most_read_scope
from newsbudget.stories.models import Status, Story
from ops.httpcache import versions
from tests.factories import StoryFactory

TODAY = datetime.date(2026, 3, 10)


def read(story: Story, count: int, *, days_ago: int = 0) -> Story:
    day = TODAY - datetime.timedelta(days=days_ago)
    StoryViews.objects.create(story=story, day=day, count=count)
    return story


def live(desk: Desk, headline: str) -> Story:
    return StoryFactory(desk=desk, status=Status.LIVE, headline=headline)


def headlines(desk: Desk, **options: Any) -> list[str]:
    return [story.headline for story in most_read_on(desk, today=TODAY, **options)]


def test_it_ranks_the_desk_stories_by_their_views_over_the_last_days(desk: Desk) -> None:
    read(read(live(desk, "Ferry"), 5), 4, days_ago=6)  # 9 within 7 days
    read(live(desk, "Tram"), 12, days_ago=1)
    read(read(live(desk, "Bridge"), 1), 100, days_ago=7)  # the 100 are 8 days old
    live(desk, "Unread")

    assert headlines(desk, days=7) == ["Tram", "Ferry", "Bridge"]
    assert headlines(desk, days=8) == ["Bridge", "Tram", "Ferry"]
    assert headlines(desk, days=7, limit=2) == ["Tram", "Ferry"]


def test_it_lists_only_live_stories_of_that_desk(desk: Desk, other_desk: Desk) -> None:
    read(live(desk, "Ours"), 1)
    read(live(other_desk, "Theirs"), 50)
    for status in (Status.ARCHIVED, Status.EDITED, Status.SCHEDULED, Status.SPIKED):
        read(StoryFactory(desk=desk, status=status, headline=f"Not live: {status}"), 99)

    assert headlines(desk) == ["Ours"]
    assert headlines(other_desk) == ["Theirs"]


def test_the_newer_story_wins_a_tie(desk: Desk) -> None:
    now = timezone.now()
    older = live(desk, "Older")
    newer = live(desk, "Newer")
    Story.objects.filter(pk=older.pk).update(published_at=now - datetime.timedelta(hours=2))
    Story.objects.filter(pk=newer.pk).update(published_at=now - datetime.timedelta(hours=1))
    read(older, 3)
    read(newer, 3)

    assert headlines(desk) == ["Newer", "Older"]


def test_it_is_one_query_however_many_stories_have_views(
    desk: Desk, django_assert_num_queries: Any
) -> None:
    for number in range(40):
        read(read(live(desk, f"Story {number}"), number + 1), 1, days_ago=2)

    with django_assert_num_queries(1):
        assert len(headlines(desk, limit=10)) == 10


def test_the_desk_front_shows_the_list_in_order(client: Client, desk: Desk) -> None:
    today = timezone.now().date()
    for headline, count in [("Tram line opens", 3), ("Ferry strike ends", 8)]:
        StoryViews.objects.create(story=live(desk, headline), day=today, count=count)

    page = client.get(desk.get_absolute_url()).content.decode()

    box = page[page.index('class="most-read"') :]
    assert "Most read on News" in box
    assert box.index("Ferry strike ends") < box.index("Tram line opens")


def test_a_desk_without_views_shows_no_list(client: Client, desk: Desk) -> None:
    live(desk, "Unread")

    assert 'class="most-read"' not in client.get(desk.get_absolute_url()).content.decode()


def test_a_limit_of_zero_hides_the_list(client: Client, desk: Desk, settings: Settings) -> None:
    settings.MOST_READ_LIMIT = 0
    StoryViews.objects.create(story=live(desk, "Read"), day=timezone.now().date(), count=3)

    assert 'class="most-read"' not in client.get(desk.get_absolute_url()).content.decode()


def test_the_flush_refreshes_the_cached_desk_front_only_when_the_ranking_changes(
    client: Client, desk: Desk
) -> None:
    now = timezone.now()
    tram, ferry = live(desk, "Tram line opens"), live(desk, "Ferry strike ends")
    scope = most_read_scope(desk.slug)

    minute = 0

    def view(story: Story, times: int) -> None:
        for _ in range(times):
            services.count_view(story_id=story.pk, now=now + datetime.timedelta(minutes=minute))

    def flush() -> int:
        services.flush_page_views(now=now + datetime.timedelta(minutes=minute + 2))
        return versions.current([scope])[scope]

    view(tram, 2)
    first = flush()
    assert client.get(desk.get_absolute_url())["X-App-Cache"] == "miss"
    assert client.get(desk.get_absolute_url())["X-App-Cache"] == "hit"

    minute = 3
    view(tram, 1)
    assert flush() == first  # the same ranking: the cached page stays
    assert client.get(desk.get_absolute_url())["X-App-Cache"] == "hit"

    minute = 6
    view(ferry, 5)
    assert flush() != first
    page = client.get(desk.get_absolute_url())
    assert page["X-App-Cache"] == "miss"
    box = page.content.decode()[page.content.decode().index('class="most-read"') :]
    assert box.index("Ferry strike ends") < box.index("Tram line opens")
