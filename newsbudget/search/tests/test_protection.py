"""Search is rate-limited, cached briefly for the public, and runs a fixed number of queries."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django.fixtures import Settings

from newsbudget.accounts.models import User
from newsbudget.desks.models import Desk
from newsbudget.search.tests.conftest import MakeStory
from newsbudget.stories import services
from tests.factories import TagFactory


@pytest.mark.parametrize("url", ["/search/", "/api/v1/search/"])
def test_search_is_rate_limited(client: Client, db: None, settings: Settings, url: str) -> None:
    settings.RATE_LIMITS = {"search": {**settings.RATE_LIMITS["search"], "rate": "3/m"}}

    statuses = [client.get(url, {"q": f"word{n}"}).status_code for n in range(5)]

    assert statuses == [200, 200, 200, 429, 429]


def test_the_newsroom_search_is_rate_limited(
    client: Client, editor: User, settings: Settings
) -> None:
    settings.RATE_LIMITS = {"search": {**settings.RATE_LIMITS["search"], "rate": "2/m"}}
    client.force_login(editor)

    statuses = [client.get("/newsroom/search/", {"q": "x"}).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]


def test_a_repeated_public_search_comes_from_the_cache(
    client: Client, desk: Desk, story: MakeStory, django_assert_num_queries
) -> None:
    story(desk, headline="Glacier melt")
    first = client.get("/api/v1/search/", {"q": "glacier"}).json()

    with django_assert_num_queries(0):
        again = client.get("/api/v1/search/", {"q": "  Glacier "}).json()
    # The navigation's desks and the footer's editorial pages (two, cold: newsbudget.pages),
    # not the search.
    with django_assert_num_queries(3):
        page = client.get("/search/", {"q": "glacier"})

    assert again == first
    assert "<mark>Glacier</mark> melt" in page.content.decode()


def test_publishing_makes_cached_searches_stale(
    client: Client, desk: Desk, editor: User, story: MakeStory, django_capture_on_commit_callbacks
) -> None:
    story(desk, headline="Iceberg one")
    edited = story(desk, status="edited", headline="Iceberg two", bylines=[editor])
    assert client.get("/api/v1/search/", {"q": "iceberg"}).json()["count"] == 1

    with django_capture_on_commit_callbacks(execute=True):
        services.transition_story(story=edited, name="publish", by=editor)

    assert client.get("/api/v1/search/", {"q": "iceberg"}).json()["count"] == 2


def test_staff_searches_are_not_cached(
    client: Client, desk: Desk, editor: User, story: MakeStory, django_capture_on_commit_callbacks
) -> None:
    draft = story(desk, status="draft", headline="Penguin census", bylines=[editor])
    client.force_login(editor)
    assert "1 story" in client.get("/newsroom/search/", {"q": "penguin"}).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        services.update_story(story=draft, by=editor, headline="Puffin census")

    assert "No stories match" in client.get("/newsroom/search/", {"q": "penguin"}).content.decode()


def count_queries(client: Client, params: dict) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/search/", params)
    assert response.status_code == 200
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_results(
    client: Client, desk: Desk, story: MakeStory, settings: Settings
) -> None:
    settings.SEARCH_CACHE_SECONDS = 0
    tag = TagFactory(name="Tides", slug="tides")
    place = {"latitude": Decimal("51.5"), "longitude": Decimal("-0.1")}
    story(desk, headline="Tide tables", tags=[tag], **place)
    params = {"q": "tide", "lat": "51.5", "lon": "-0.1", "tag": "tides"}
    few = count_queries(client, params)

    for n in range(8):
        story(desk, headline=f"Tide tables {n}", tags=[tag], **place)
    many = count_queries(client, params)

    assert few == many
    # count, page, bylines, tags, highlights, desk facets, tag facets (+ the session's none)
    assert many <= 8
