"""Anonymous API reads are rendered once and then served from the page cache, as JSON."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from newsbudget.api.tests.helpers import LIST_URL, story_url
from newsbudget.desks.models import Desk
from newsbudget.stories.models import Status, Story
from ops.httpcache import versions
from tests.factories import StoryFactory

DESKS_URL = "/api/v1/desks/"


@pytest.fixture
def story(desk: Desk) -> Story:
    return StoryFactory(desk=desk, status=Status.LIVE, headline="Harbour bridge reopens")


def public_urls(story: Story) -> list[str]:
    return [LIST_URL, story_url(story), DESKS_URL]


def test_the_second_anonymous_request_is_a_hit_without_a_query(
    api: APIClient, story: Story, django_assert_num_queries: Any
) -> None:
    for url in public_urls(story):
        first = api.get(url)
        assert (first.status_code, first["X-App-Cache"]) == (200, "miss"), url

        with django_assert_num_queries(0):
            second = api.get(url)

        assert second["X-App-Cache"] == "hit", url
        assert second.content == first.content, url
        assert second["ETag"] == first["ETag"], url


def test_a_cached_response_is_still_json(api: APIClient, story: Story) -> None:
    for url in public_urls(story):
        api.get(url)

        hit = api.get(url)

        assert hit["X-App-Cache"] == "hit", url
        assert hit["Content-Type"] == "application/json", url
        assert hit.json() == api.get(url).json(), url


def test_it_shows_the_same_stories_from_the_cache(api: APIClient, story: Story) -> None:
    api.get(LIST_URL)

    body = api.get(LIST_URL).json()

    assert [entry["headline"] for entry in body["results"]] == ["Harbour bridge reopens"]
    assert api.get(story_url(story)).json()["headline"] == "Harbour bridge reopens"


def test_public_reads_tell_shared_caches_how_long_and_what_varies(
    api: APIClient, story: Story
) -> None:
    for url in public_urls(story):
        response = api.get(url)

        directives = {part.strip() for part in response["Cache-Control"].split(",")}
        assert directives == {"public", "max-age=0", "s-maxage=60", "stale-while-revalidate=30"}
        assert {"Cookie", "Accept-Encoding"} <= {v.strip() for v in response["Vary"].split(",")}
        assert response["ETag"].startswith('"'), url  # strong
        assert "Last-Modified" in response, url


@pytest.mark.parametrize("status", [s for s in Status if s != Status.LIVE])
def test_a_story_that_is_not_live_is_a_404_that_is_never_stored(
    api: APIClient, desk: Desk, status: Status
) -> None:
    hidden = StoryFactory(desk=desk, status=status)

    for _ in range(2):
        response = api.get(story_url(hidden))
        assert response.status_code == 404
        assert "no-store" in response["Cache-Control"]
        assert "ETag" not in response


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/stories/999999/",
        "/api/v1/stories/abc/",
        "/api/v1/stories/0/",
        f"{LIST_URL}?desk=nowhere",
        f"{LIST_URL}?page=9",
        f"{LIST_URL}?status=published",
    ],
)
def test_errors_are_answered_but_never_stored(api: APIClient, story: Story, url: str) -> None:
    for _ in range(2):
        response = api.get(url)
        assert response.status_code in (400, 404)
        assert "no-store" in response["Cache-Control"]
        assert response["Content-Type"] == "application/json"


def test_a_story_id_with_leading_zeros_is_answered_but_not_stored(
    api: APIClient, story: Story
) -> None:
    response = api.get(f"/api/v1/stories/000{story.pk}/")

    assert response.status_code == 200
    assert response["X-App-Cache"] == "bypass"
    assert "no-store" in response["Cache-Control"]


def test_writes_are_never_answered_from_the_cache(api: APIClient, story: Story) -> None:
    api.get(LIST_URL)
    api.get(story_url(story))

    created = api.post(LIST_URL, {"headline": "x"}, format="json")
    edited = api.patch(story_url(story), {"headline": "x"}, format="json")

    assert (created.status_code, edited.status_code) == (401, 401)
    assert created["X-App-Cache"] == edited["X-App-Cache"] == "bypass"


def test_asking_for_stories_that_are_not_live_leaves_nothing_in_the_cache(
    api: APIClient, desk: Desk
) -> None:
    draft = StoryFactory(desk=desk, status=Status.DRAFT)
    future = "Fri, 01 Jan 2100 00:00:00 GMT"

    for story_id in [draft.pk, draft.pk + 1, 10**17]:
        response = api.get(story_url(story_id), HTTP_IF_MODIFIED_SINCE=future)
        assert response.status_code == 404

    for story_id in [draft.pk, draft.pk + 1, 10**17]:
        assert cache.get(versions.version_key(f"story:{story_id}")) is None
