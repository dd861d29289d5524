"""Public pages run a fixed number of queries however many stories, bylines, tags and desks exist.

Each test measures a page with 5 stories, grows the newsroom to 200 stories
(more desks in the navigation, more bylines and tags per story) and measures
again: the counts must be equal.  ``PAGE_SIZE`` is raised so that every story
is actually rendered, which is what would expose a query per story.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django.fixtures import Settings

from newsbudget.desks.models import Desk
from newsbudget.site.tests.helpers import Publish
from newsbudget.stories.models import Story
from tests.factories import DeskFactory, TagFactory, UserFactory

FEW, MANY = 5, 200


@pytest.fixture(autouse=True)
def everything_on_one_page(settings: Settings) -> None:
    settings.PAGE_SIZE = MANY


@pytest.fixture(params=["anonymous", "editor"])
def viewer(request: pytest.FixtureRequest, client: Client, desk: Desk) -> Client:
    if request.param == "editor":
        client.force_login(request.getfixturevalue("editor"))
    return client


def publish_many(publish: Publish, desk: Desk, count: int, *, richness: int) -> list[Story]:
    """``count`` Live stories on ``desk``, each with up to ``richness`` bylines and tags."""
    people = [UserFactory() for _ in range(richness)]
    tags = [TagFactory() for _ in range(richness)]
    return [
        publish(
            desk,
            hours_ago=number + 1,
            bylines=people[: 1 + number % richness],
            tags=tags[: number % (richness + 1)],
        )
        for number in range(count)
    ]


def grow_navigation(count: int) -> None:
    for _ in range(count):
        DeskFactory()


def queries_for(client: Client, url: str, *, stories_shown: int | None = None) -> int:
    """Queries of a full render: the page cache is emptied first, so nothing is served from it."""
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    if stories_shown is not None:
        assert response.content.decode().count('<h2><a href="/stories/') == stories_shown
    return len(captured.captured_queries)


def test_the_home_page_costs_the_same_for_5_and_200_stories(
    viewer: Client, desk: Desk, other_desk: Desk, publish: Publish
) -> None:
    publish_many(publish, desk, FEW, richness=1)
    few = queries_for(viewer, "/", stories_shown=FEW)

    publish_many(publish, desk, 100, richness=3)
    publish_many(publish, other_desk, MANY - 100 - FEW, richness=3)
    grow_navigation(10)
    many = queries_for(viewer, "/", stories_shown=MANY)

    assert few == many


def test_a_desk_front_costs_the_same_for_5_and_200_stories(
    viewer: Client, desk: Desk, publish: Publish
) -> None:
    publish_many(publish, desk, FEW, richness=1)
    few = queries_for(viewer, "/desks/news/", stories_shown=FEW)

    publish_many(publish, desk, MANY - FEW, richness=3)
    grow_navigation(10)
    many = queries_for(viewer, "/desks/news/", stories_shown=MANY)

    assert few == many


def test_a_story_page_costs_the_same_with_5_and_200_stories_around_it(
    viewer: Client, desk: Desk, publish: Publish
) -> None:
    [plain, *_] = publish_many(publish, desk, FEW, richness=1)
    few = queries_for(viewer, plain.get_absolute_url())

    [*_, rich] = publish_many(publish, desk, MANY - FEW, richness=3)
    assert rich.bylines.count() > plain.bylines.count()
    assert rich.tags.count() > plain.tags.count()
    grow_navigation(10)
    many = queries_for(viewer, rich.get_absolute_url())

    assert few == many


@pytest.mark.parametrize("feed", ["feed.rss", "feed.atom"])
def test_a_desk_feed_costs_the_same_for_5_and_200_stories(
    viewer: Client, desk: Desk, publish: Publish, feed: str
) -> None:
    publish_many(publish, desk, FEW, richness=1)
    few = queries_for(viewer, f"/desks/news/{feed}")

    publish_many(publish, desk, MANY - FEW, richness=3)
    many = queries_for(viewer, f"/desks/news/{feed}")

    assert few == many
