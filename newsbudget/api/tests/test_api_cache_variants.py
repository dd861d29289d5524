"""Only what the API reads makes a separate cached list; nobody can fill the cache with variants."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from newsbudget.api.tests.helpers import LIST_URL, story_url
from newsbudget.desks.models import Desk
from newsbudget.stories.models import Status, Story
from tests.factories import StoryFactory, TagFactory


@pytest.fixture
def stories(desk: Desk, other_desk: Desk) -> list[Story]:
    elections = TagFactory(name="Elections", slug="elections")
    return [
        StoryFactory(desk=desk, status=Status.LIVE, headline="Polls open", tags=[elections]),
        StoryFactory(desk=desk, status=Status.LIVE, headline="Bridge closes"),
        StoryFactory(desk=other_desk, status=Status.LIVE, headline="United win"),
    ]


def test_junk_query_parameters_share_one_cached_list(api: APIClient, stories: list[Story]) -> None:
    first = api.get(LIST_URL, {"utm": "1"})
    variants = [
        api.get(LIST_URL, {"utm": str(n), "x": "<script>" * n, "fbclid": n}) for n in range(20)
    ]

    assert first["X-App-Cache"] == "miss"
    assert {response["X-App-Cache"] for response in variants} == {"hit"}
    assert {response["ETag"] for response in variants} == {first["ETag"]}
    assert {response.content for response in variants} == {api.get(LIST_URL).content}


def test_junk_query_parameters_share_one_cached_story(api: APIClient, stories: list[Story]) -> None:
    url = story_url(stories[0])
    first = api.get(url, {"x": "1"})

    again = api.get(url, {"x": "2", "desk": "sports", "page": "9"})

    assert (first["X-App-Cache"], again["X-App-Cache"]) == ("miss", "hit")
    assert again["ETag"] == first["ETag"]


def test_junk_never_reaches_the_page_links(api: APIClient, desk: Desk) -> None:
    StoryFactory.create_batch(3, desk=desk, status=Status.LIVE)

    body = api.get(LIST_URL, {"utm": "evil", "desk": "news", "page_size": "1", "page": "2"}).json()

    assert body["next"] == "http://testserver/api/v1/stories/?desk=news&page=3&page_size=1"
    assert body["previous"] == "http://testserver/api/v1/stories/?desk=news&page_size=1"
    assert api.get(LIST_URL, {"desk": "news", "page_size": "1", "page": "2"}).json() == body


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ({"desk": "sports"}, ["United win"]),
        ({"tag": "elections"}, ["Polls open"]),
        ({"status": "draft"}, []),
        ({"budget_after": "2100-01-01"}, []),
        ({"budget_before": "2000-01-01"}, []),
        ({"page_size": "1"}, ["United win"]),
    ],
)
def test_each_filter_is_a_list_of_its_own(
    api: APIClient, stories: list[Story], query: dict[str, str], shown: list[str]
) -> None:
    api.get(LIST_URL)

    filtered = api.get(LIST_URL, query)
    again = api.get(LIST_URL, query)

    assert filtered["X-App-Cache"] == "miss"
    assert again["X-App-Cache"] == "hit"
    assert [story["headline"] for story in again.json()["results"]] == shown


@pytest.mark.parametrize(
    "query",
    [{"page": ""}, {"page": "1"}, {"page": "01"}, {"format": "json"}, {"desk": ""}, {"tag": ""}],
)
def test_spellings_of_the_same_list_share_its_copy(
    api: APIClient, stories: list[Story], query: dict[str, str]
) -> None:
    first = api.get(LIST_URL)

    response = api.get(LIST_URL, query)

    assert response["X-App-Cache"] == "hit"
    assert response["ETag"] == first["ETag"]


@pytest.mark.parametrize(
    "query",
    [
        {"page_size": "05"},
        {"page_size": "many"},
        {"page_size": "9" * 40},
        {"page": "9" * 40},
        {"budget_after": "03/02/2026"},
        {"budget_before": "20260302"},
        {"desk": "x" * 500},
        {"format": "api"},
    ],
)
def test_other_spellings_are_answered_but_not_stored(
    api: APIClient, stories: list[Story], query: dict[str, str]
) -> None:
    for _ in range(2):
        response = api.get(LIST_URL, query)
        assert response["X-App-Cache"] == "bypass"
        assert "no-store" in response["Cache-Control"]


def test_indented_json_is_served_but_never_stored(api: APIClient, stories: list[Story]) -> None:
    indented = api.get(LIST_URL, HTTP_ACCEPT="application/json; indent=4")

    compact = api.get(LIST_URL)

    assert indented.content.startswith(b'{\n    "count"')
    assert indented["X-App-Cache"] == "bypass"
    assert compact["X-App-Cache"] == "miss"
    assert not compact.content.startswith(b"{\n")
