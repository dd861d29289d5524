"""Public pages run a fixed, known number of queries however many stories, bylines, tags and desks.

Each test renders a page with 5 stories, grows the newsroom to 500 (more desks
in the navigation, more bylines and tags per story) and renders it again: both
renders must run exactly the pinned number of queries, so a new query per story
(or per desk, byline or tag) fails here, and so does any new query at all.
``PAGE_SIZE`` is raised so that every story is rendered, which is what would
expose a query per story.  The cache is emptied before each render: these are
the costs of a page cache miss (a hit costs none, see ``test_page_cache``).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from pytest_django.fixtures import Settings

from newsbudget.accounts.models import User
from newsbudget.desks.models import Desk
from newsbudget.stories.models import Story, Tag
from tests.bulk import bulk_desks, bulk_people, bulk_stories, bulk_tags

FEW, MANY = 5, 500

# Queries for one render, by viewer.  A signed-in render adds the session, the
# user and the user's permissions (two queries: the navigation asks whether to
# show the newsroom link) and skips the page cache's scope lookup.  Every HTML
# page's footer lists the editorial pages: two queries (view restrictions, then
# the pages) when its cached list is gone, as here (newsbudget.pages.queries).
FOOTER = 2
HOME = {"anonymous": 6 + FOOTER, "editor": 10 + FOOTER}
"""Count, navigation, stories, bylines, tags, and the page's running headline tests (one
query, newsbudget.experiments); the footer."""
DESK_FRONT = {"anonymous": 9 + FOOTER, "editor": 12 + FOOTER}
"""Known desk slugs (anonymous), the desk, count, navigation, stories, bylines, tags, the
most-read list (one query, newsbudget.readership) and the page's running headline tests
(one query, newsbudget.experiments); the footer."""
STORY_PAGE = {"anonymous": 8 + FOOTER, "editor": 11 + FOOTER}
"""Story route (anonymous), the story with its bylines and tags, navigation, and the
latest on its desk with their bylines and tags; the footer."""
FEED = {"anonymous": 5, "editor": 4}
"""Known desk slugs (anonymous), the desk, stories, bylines, tags; a feed never reads
the session."""


@pytest.fixture(autouse=True)
def everything_on_one_page(settings: Settings) -> None:
    settings.PAGE_SIZE = MANY


@pytest.fixture(params=["anonymous", "editor"])
def viewer(request: pytest.FixtureRequest, client: Client, desk: Desk) -> str:
    if request.param == "editor":
        client.force_login(request.getfixturevalue("editor"))
    return str(request.param)


@pytest.fixture
def people(db: None) -> list[User]:
    return bulk_people(3)


@pytest.fixture
def tags(db: None) -> list[Tag]:
    return bulk_tags(3)


def plain_stories(desk: Desk, people: list[User]) -> list[Story]:
    """The small newsroom: 5 Live stories with one byline and no tag each."""
    return bulk_stories(FEW, desks=[desk], people=people[:1])


def rich_stories(count: int, desks: list[Desk], people: list[User], tags: list[Tag]) -> list[Story]:
    """More Live stories, with up to three bylines and three tags each, and ten more desks."""
    bulk_desks(10)
    return bulk_stories(count, desks=desks, people=people, tags=tags)


def assert_queries(
    assert_num_queries: Any, client: Client, url: str, expected: int, *, shown: int | None = None
) -> None:
    """A full render of ``url`` runs exactly ``expected`` queries (and shows ``shown`` stories)."""
    cache.clear()
    with assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    if shown is not None:
        assert response.content.decode().count('<h2><a href="/stories/') == shown


def test_the_home_page_runs_the_same_queries_for_5_and_500_stories(
    viewer: str,
    client: Client,
    desk: Desk,
    other_desk: Desk,
    people: list[User],
    tags: list[Tag],
    django_assert_num_queries: Any,
) -> None:
    plain_stories(desk, people)
    assert_queries(django_assert_num_queries, client, "/", HOME[viewer], shown=FEW)

    rich_stories(MANY - FEW, [desk, other_desk], people, tags)
    assert_queries(django_assert_num_queries, client, "/", HOME[viewer], shown=MANY)


def test_a_desk_front_runs_the_same_queries_for_5_and_500_stories(
    viewer: str,
    client: Client,
    desk: Desk,
    people: list[User],
    tags: list[Tag],
    django_assert_num_queries: Any,
) -> None:
    plain_stories(desk, people)
    assert_queries(django_assert_num_queries, client, "/desks/news/", DESK_FRONT[viewer], shown=FEW)

    rich_stories(MANY - FEW, [desk], people, tags)
    assert_queries(
        django_assert_num_queries, client, "/desks/news/", DESK_FRONT[viewer], shown=MANY
    )


def test_a_story_page_runs_the_same_queries_with_5_and_500_stories_around_it(
    viewer: str,
    client: Client,
    desk: Desk,
    people: list[User],
    tags: list[Tag],
    django_assert_num_queries: Any,
) -> None:
    [plain, *_] = plain_stories(desk, people)
    assert_queries(django_assert_num_queries, client, plain.get_absolute_url(), STORY_PAGE[viewer])

    rich = rich_stories(MANY - FEW, [desk], people, tags)[11]  # three bylines, three tags
    assert rich.bylines.count() == 3
    assert rich.tags.count() == 3
    assert_queries(django_assert_num_queries, client, rich.get_absolute_url(), STORY_PAGE[viewer])


@pytest.mark.parametrize("feed", ["feed.rss", "feed.atom"])
def test_a_desk_feed_runs_the_same_queries_for_5_and_500_stories(
    viewer: str,
    client: Client,
    desk: Desk,
    people: list[User],
    tags: list[Tag],
    feed: str,
    django_assert_num_queries: Any,
) -> None:
    plain_stories(desk, people)
    assert_queries(django_assert_num_queries, client, f"/desks/news/{feed}", FEED[viewer])

    rich_stories(MANY - FEW, [desk], people, tags)
    assert_queries(django_assert_num_queries, client, f"/desks/news/{feed}", FEED[viewer])
