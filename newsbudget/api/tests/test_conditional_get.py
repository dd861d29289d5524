"""Conditional GET on the public API: the current copy gets 304, and no header breaks it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from newsbudget.api.tests.helpers import LIST_URL, story_url
from newsbudget.desks.models import Desk
from newsbudget.stories.models import Status, Story
from ops.httpcache.decorators import PAGE_KEY_PREFIX
from tests.factories import StoryFactory

DESKS_URL = "/api/v1/desks/"


@pytest.fixture
def story(desk: Desk) -> Story:
    return StoryFactory(desk=desk, status=Status.LIVE, headline="Harbour bridge reopens")


def public_urls(story: Story) -> list[str]:
    return [LIST_URL, f"{LIST_URL}?desk=news&page_size=5", story_url(story), DESKS_URL]


def test_a_matching_etag_gets_304_without_a_body_or_a_query(
    api: APIClient, story: Story, django_assert_num_queries: Any
) -> None:
    for url in public_urls(story):
        etag = api.get(url)["ETag"]

        with django_assert_num_queries(0):
            response = api.get(url, HTTP_IF_NONE_MATCH=etag)

        assert response.status_code == 304, url
        assert response.content == b"", url
        assert response["ETag"] == etag, url


def test_the_304_needs_no_stored_copy_of_the_response(
    api: APIClient, story: Story, django_assert_num_queries: Any
) -> None:
    etag = api.get(story_url(story))["ETag"]
    cache.delete(PAGE_KEY_PREFIX + etag.strip('"'))

    with django_assert_num_queries(0):
        response = api.get(story_url(story), HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304


def test_if_modified_since_the_last_change_gets_304(api: APIClient, story: Story) -> None:
    for url in public_urls(story):
        last_modified = api.get(url)["Last-Modified"]

        response = api.get(url, HTTP_IF_MODIFIED_SINCE=last_modified)

        assert response.status_code == 304, url
        assert response.content == b"", url


def test_an_old_etag_gets_the_whole_response(api: APIClient, story: Story) -> None:
    response = api.get(LIST_URL, HTTP_IF_NONE_MATCH='"an-old-version"')

    assert response.status_code == 200
    assert response.json()["count"] == 1


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_IF_NONE_MATCH": 'garbage, "unterminated'},
        {"HTTP_IF_NONE_MATCH": "W/" * 5000},
        {"HTTP_IF_NONE_MATCH": "*"},
        {"HTTP_IF_NONE_MATCH": "\x00\x01"},
        {"HTTP_IF_MODIFIED_SINCE": "yesterday-ish"},
        {"HTTP_IF_MODIFIED_SINCE": "Mon, 99 Foo 99999 99:99:99 GMT"},
        {"HTTP_IF_MODIFIED_SINCE": "Thu, 01 Jan 1970 00:00:00 GMT"},
        {"HTTP_IF_MODIFIED_SINCE": "9" * 5000},
        {"HTTP_IF_UNMODIFIED_SINCE": "garbage"},
        {"HTTP_IF_MATCH": '"nope"'},
        {"HTTP_RANGE": "bytes=999999999-0"},
        {"HTTP_ACCEPT_ENCODING": "gzip;q=nan, br;q=" + "9" * 1000},
        {"HTTP_ACCEPT": "application/json; indent=" + "9" * 50},
        {"HTTP_ACCEPT": "text/html"},
    ],
)
def test_hostile_conditional_headers_never_break_or_poison_a_response(
    api: APIClient, story: Story, headers: dict[str, str]
) -> None:
    for url in public_urls(story):
        reference = api.get(url)

        response = api.get(url, **headers)

        assert response.status_code in (200, 304, 406, 412), (url, response.status_code)
        if response.status_code == 200:
            assert response.json() == reference.json(), url
        again = api.get(url)
        assert (again["ETag"], again.content) == (reference["ETag"], reference.content), url
