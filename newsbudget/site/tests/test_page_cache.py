"""Anonymous readers get ETags, 304s and cached pages; anyone signed in never shares a copy."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from newsbudget.accounts.models import User
from newsbudget.desks.models import Desk
from newsbudget.site.tests.helpers import Publish
from newsbudget.stories.models import Story

PUBLIC_PAGES = ["/", "/desks/news/", "/desks/news/feed.rss", "/desks/news/feed.atom"]


@pytest.fixture
def story(publish: Publish, desk: Desk) -> Story:
    return publish(desk, headline="Harbour bridge reopens", slug="harbour-bridge-reopens")


def all_pages() -> list[str]:
    return [*PUBLIC_PAGES, "/stories/harbour-bridge-reopens/"]


@pytest.mark.parametrize("url", all_pages())
def test_the_second_anonymous_request_is_served_from_the_cache_without_a_query(
    url: str, story: Story, client: Client, django_assert_num_queries: Any
) -> None:
    first = client.get(url)
    assert first.status_code == 200
    assert first["X-App-Cache"] == "miss"

    with django_assert_num_queries(0):
        second = client.get(url)

    assert second["X-App-Cache"] == "hit"
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


@pytest.mark.parametrize("url", all_pages())
def test_a_matching_etag_gets_304_without_rendering_or_a_query(
    url: str, story: Story, client: Client, django_assert_num_queries: Any
) -> None:
    etag = client.get(url)["ETag"]

    with django_assert_num_queries(0):
        response = client.get(url, headers={"If-None-Match": etag})

    assert response.status_code == 304
    assert response.content == b""
    assert response.templates == []
    assert response["ETag"] == etag


@pytest.mark.parametrize("url", all_pages())
def test_if_modified_since_the_last_change_gets_304(url: str, story: Story, client: Client) -> None:
    last_modified = client.get(url)["Last-Modified"]

    response = client.get(url, headers={"If-Modified-Since": last_modified})

    assert response.status_code == 304


def test_public_pages_tell_shared_caches_how_long_and_what_varies(
    story: Story, client: Client
) -> None:
    response = client.get("/")

    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert directives == {"public", "max-age=0", "s-maxage=60", "stale-while-revalidate=30"}
    assert {"Cookie", "Accept-Encoding"} <= {v.strip() for v in response["Vary"].split(",")}
    assert not response["ETag"].startswith("W/")  # a strong validator
    assert response["ETag"].endswith('"')


@pytest.mark.parametrize("url", all_pages())
def test_a_signed_in_editor_gets_a_private_page_that_nobody_else_is_served(
    url: str, story: Story, client: Client, editor: User
) -> None:
    client.force_login(editor)
    personal = client.get(url)

    assert personal["X-App-Cache"] == "bypass"
    assert "private" in personal["Cache-Control"]
    assert "no-store" in personal["Cache-Control"]
    assert "ETag" not in personal
    assert b"Log out" in personal.content or url.endswith((".rss", ".atom"))

    anonymous = Client().get(url)
    assert anonymous["X-App-Cache"] == "miss"
    assert b"Log out" not in anonymous.content


def test_junk_query_parameters_share_one_cached_page(story: Story, client: Client) -> None:
    first = client.get("/?utm_source=x")
    variants = [client.get(f"/?utm_source={n}&fbclid={n}") for n in range(20)]

    assert {response["X-App-Cache"] for response in variants} == {"hit"}
    assert {response["ETag"] for response in variants} == {first["ETag"]}


def test_junk_page_numbers_are_the_first_page_in_the_cache_too(
    story: Story, client: Client
) -> None:
    first = client.get("/")
    for junk in ["abc", "", "1.5", "-3", "0001"]:
        response = client.get("/", {"page": junk})
        assert response["ETag"] == first["ETag"], junk
        assert response["X-App-Cache"] == "hit", junk


def test_a_page_number_too_long_to_be_real_is_rendered_but_not_stored(
    story: Story, client: Client
) -> None:
    response = client.get("/", {"page": "9" * 500})
    assert response.status_code == 404
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    "headers",
    [
        {"If-None-Match": 'garbage, "unterminated'},
        {"If-None-Match": "W/" * 5000},
        {"If-None-Match": "*"},
        {"If-Modified-Since": "yesterday-ish"},
        {"If-Modified-Since": "Mon, 99 Foo 99999 99:99:99 GMT"},
        {"If-Unmodified-Since": "garbage"},
        {"If-Match": '"nope"'},
        {"Range": "bytes=999999999-0"},
        {"Accept-Encoding": "gzip;q=nan, br;q=" + "9" * 1000},
    ],
)
def test_hostile_conditional_headers_never_break_or_poison_a_page(
    headers: dict[str, str], story: Story, client: Client
) -> None:
    reference = client.get("/")

    response = client.get("/", headers=headers)

    assert response.status_code in (200, 304, 412)
    if response.status_code == 200:
        assert response.content == reference.content
    assert client.get("/")["ETag"] == reference["ETag"]


def test_unknown_pages_are_not_cached(client: Client, db: None) -> None:
    for url in ["/desks/nowhere/", "/stories/nothing-here/", "/desks/nowhere/feed.rss"]:
        response = client.get(url)
        assert response.status_code == 404
        assert "no-store" in response["Cache-Control"]
