"""A change refreshes exactly the pages it affects, at once; unrelated pages stay cached."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.test import Client

from newsbudget.accounts.models import User
from newsbudget.desks.models import Desk
from newsbudget.site.tests.helpers import Publish
from newsbudget.stories import services
from newsbudget.stories.models import Status, Story
from tests.factories import StoryFactory

CommitCallbacks = Callable[..., AbstractContextManager[Any]]


@pytest.fixture
def news_story(publish: Publish, desk: Desk) -> Story:
    return publish(desk, headline="Harbour bridge reopens", slug="harbour-bridge")


@pytest.fixture
def sports_story(publish: Publish, other_desk: Desk) -> Story:
    return publish(other_desk, headline="City FC win the cup", slug="city-fc-cup")


@pytest.fixture
def committed(django_capture_on_commit_callbacks: CommitCallbacks) -> CommitCallbacks:
    """Run a write's on-commit work (version bumps) as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


NEWS_PAGES = ["/", "/desks/news/", "/desks/news/feed.rss", "/desks/news/feed.atom"]
SPORTS_PAGES = ["/desks/sports/", "/desks/sports/feed.rss", "/stories/city-fc-cup/"]


def warm(client: Client, *urls: str) -> None:
    for url in urls:
        client.get(url)
        assert client.get(url)["X-App-Cache"] == "hit", url


def cache_status(client: Client, url: str) -> str:
    return client.get(url)["X-App-Cache"]


def test_an_edit_shows_on_every_page_of_the_story_and_nowhere_else(
    news_story: Story, sports_story: Story, editor: User, client: Client, committed: Any
) -> None:
    pages = [*NEWS_PAGES, "/stories/harbour-bridge/"]
    warm(client, *pages, *SPORTS_PAGES)

    with committed():
        services.update_story(story=news_story, by=editor, headline="Harbour bridge shut again")

    for url in pages:
        response = client.get(url)
        assert response["X-App-Cache"] == "miss", url
        assert b"Harbour bridge shut again" in response.content, url
    for url in SPORTS_PAGES:
        assert cache_status(client, url) == "hit", url


def test_editing_a_draft_refreshes_nothing(
    news_story: Story, desk: Desk, editor: User, client: Client, committed: Any
) -> None:
    draft = StoryFactory(desk=desk, status=Status.DRAFT)
    warm(client, *NEWS_PAGES)

    with committed():
        services.update_story(story=draft, by=editor, headline="Secret scoop")

    for url in NEWS_PAGES:
        response = client.get(url)
        assert response["X-App-Cache"] == "hit", url
        assert b"Secret scoop" not in response.content


def test_publishing_puts_the_story_on_its_desk_and_the_home_page_at_once(
    news_story: Story, sports_story: Story, desk: Desk, editor: User, client: Client,
    committed: Any,
) -> None:  # fmt: skip
    ready = StoryFactory(desk=desk, status=Status.EDITED, headline="Tram strike called off")
    warm(client, *NEWS_PAGES, *SPORTS_PAGES)

    with committed():
        services.transition_story(story=ready, name="publish", by=editor)

    for url in NEWS_PAGES:
        assert b"Tram strike called off" in client.get(url).content, url
    assert client.get(f"/stories/{ready.slug}/").status_code == 200
    for url in SPORTS_PAGES:
        assert cache_status(client, url) == "hit", url


def test_unpublishing_takes_the_story_down_at_once(
    news_story: Story, editor: User, client: Client, committed: Any
) -> None:
    warm(client, "/stories/harbour-bridge/", *NEWS_PAGES)

    with committed():
        services.transition_story(story=news_story, name="unpublish", by=editor)

    assert client.get("/stories/harbour-bridge/").status_code == 404
    for url in NEWS_PAGES:
        assert b"Harbour bridge reopens" not in client.get(url).content, url


def test_moving_a_live_story_to_another_desk_refreshes_both_desks(
    news_story: Story, sports_story: Story, other_desk: Desk, newsroom_admin: User,
    client: Client, committed: Any,
) -> None:  # fmt: skip
    warm(client, "/desks/news/", "/desks/sports/", "/stories/harbour-bridge/")

    with committed():
        services.update_story(story=news_story, by=newsroom_admin, desk=other_desk)

    assert b"Harbour bridge reopens" not in client.get("/desks/news/").content
    assert b"Harbour bridge reopens" in client.get("/desks/sports/").content
    story_page = client.get("/stories/harbour-bridge/")
    assert story_page["X-App-Cache"] == "miss"
    assert b'href="/desks/sports/"' in story_page.content


def test_the_latest_box_follows_its_desk(
    news_story: Story, publish: Publish, desk: Desk, editor: User, client: Client,
    committed: Any,
) -> None:  # fmt: skip
    warm(client, "/stories/harbour-bridge/")
    ready = StoryFactory(desk=desk, status=Status.EDITED, headline="Ferry timetable changes")

    with committed():
        services.transition_story(story=ready, name="publish", by=editor)

    assert b"Ferry timetable changes" in client.get("/stories/harbour-bridge/").content


def test_renaming_a_desk_refreshes_every_page(
    news_story: Story, sports_story: Story, desk: Desk, client: Client, committed: Any
) -> None:
    warm(client, *NEWS_PAGES, *SPORTS_PAGES)

    with committed():
        desk.name = "Metro"
        desk.save()

    for url in [*NEWS_PAGES, *SPORTS_PAGES]:
        assert cache_status(client, url) == "miss", url
    assert b"Metro" in client.get("/desks/sports/").content


def test_renaming_a_reporter_refreshes_their_bylines_but_a_login_does_not(
    news_story: Story, client: Client, committed: Any
) -> None:
    reporter = news_story.bylines.get()
    warm(client, "/stories/harbour-bridge/")

    with committed():
        reporter.save(update_fields=["last_login"])
    assert cache_status(client, "/stories/harbour-bridge/") == "hit"

    with committed():
        reporter.first_name, reporter.last_name = "Ada", "Byline"
        reporter.save()
    assert b"Ada Byline" in client.get("/stories/harbour-bridge/").content


def test_changing_the_tags_of_a_live_story_refreshes_it(
    news_story: Story, editor: User, client: Client, committed: Any
) -> None:
    warm(client, "/stories/harbour-bridge/")

    with committed():
        services.update_story(story=news_story, by=editor, tags=["Bridges"])

    assert b"Bridges" in client.get("/stories/harbour-bridge/").content


def test_a_fresh_version_namespace_survives_a_cache_flush(
    news_story: Story, client: Client
) -> None:
    from django.core.cache import cache

    before = client.get("/")["ETag"]
    cache.clear()

    after = client.get("/")
    assert after["X-App-Cache"] == "miss"
    assert after["ETag"] != before


def test_a_story_loaded_with_only_some_fields_saves_and_refreshes(
    news_story: Story, client: Client, committed: Any
) -> None:
    warm(client, "/stories/harbour-bridge/")

    partial = Story.objects.only("pk", "headline").get(pk=news_story.pk)
    with committed():
        partial.headline = "Harbour bridge: partial update"
        partial.save(update_fields=["headline"])

    assert b"Harbour bridge: partial update" in client.get("/stories/harbour-bridge/").content
