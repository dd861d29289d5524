"""Headline tests never fragment the page cache: one cached front carries every variant.

The variant is chosen at the edge of the cache (the front's script asks the
beacon), so the cache key, the ETag and nginx's key stay what they were:
readers in every bucket share one cached page, a reader's bucket cookie (or a
feature-flag cookie) neither bypasses nor varies the cache, and conditional
GETs still answer 304.  Signed-in staff get a fresh page and no variant.
"""

from __future__ import annotations

import html
import json

import pytest
from django.test import Client

from newsbudget.accounts.models import User
from newsbudget.experiments.models import HeadlineTest
from newsbudget.experiments.tests.conftest import (
    ALTERNATIVES,
    ORIGINAL,
    as_reader,
    figures,
    flush_all,
    reader_in,
    readers_in,
    send_impressions,
)

FRONTS = ["/", "/desks/news/"]


def shown_variants(page: str) -> list[str]:
    """The headlines a tested link carries, as the script reads them."""
    start = page.index('data-headline-variants="') + len('data-headline-variants="')
    return json.loads(html.unescape(page[start : page.index('"', start)]))


@pytest.mark.parametrize("url", FRONTS)
def test_readers_in_two_buckets_share_one_cached_page_and_see_their_own_headline(
    running_test: HeadlineTest, url: str
) -> None:
    one, two = readers_in(running_test, 1, 2)
    first, second_same_bucket = as_reader(Client(), one), as_reader(Client(), two)
    other_bucket = as_reader(Client(), reader_in(running_test, 2))

    pages = [first.get(url), second_same_bucket.get(url), other_bucket.get(url)]

    assert [page["X-App-Cache"] for page in pages] == ["miss", "hit", "hit"]
    assert len({page.content for page in pages}) == 1
    assert len({page["ETag"] for page in pages}) == 1
    assert all("public" in page["Cache-Control"] for page in pages)
    variants = shown_variants(pages[0].content.decode())
    assert variants == [ORIGINAL, *ALTERNATIVES]
    # What each reader's script shows: the variant the beacon assigns to their bucket.
    seen = [
        variants[send_impressions(client, running_test.pk).json()["variants"][str(running_test.pk)]]
        for client in (first, second_same_bucket, other_bucket)
    ]
    assert seen == [ALTERNATIVES[0], ALTERNATIVES[0], ALTERNATIVES[1]]


@pytest.mark.parametrize("url", FRONTS)
def test_a_page_without_a_running_test_is_not_fragmented(live_story: object, url: str) -> None:
    plain = Client().get(url)
    with_cookies = Client()
    with_cookies.cookies["nb_reader"] = "abcdefghijklmnopqrstuv"
    with_cookies.cookies["dwf_beta_search"] = "True"

    again = with_cookies.get(url)

    assert b"data-headline-test" not in plain.content
    assert again["X-App-Cache"] == "hit"
    assert again["ETag"] == plain["ETag"]
    assert again.content == plain.content


@pytest.mark.parametrize("url", FRONTS)
def test_conditional_gets_still_answer_304_for_readers_in_a_test(
    running_test: HeadlineTest, url: str
) -> None:
    reader = as_reader(Client(), reader_in(running_test, 2))
    etag = reader.get(url)["ETag"]

    revalidated = reader.get(url, HTTP_IF_NONE_MATCH=etag)

    assert revalidated.status_code == 304
    assert revalidated["ETag"] == etag


@pytest.mark.parametrize("url", FRONTS)
def test_signed_in_staff_always_see_the_real_headline(
    client: Client, editor: User, running_test: HeadlineTest, url: str
) -> None:
    client.force_login(editor)

    response = client.get(url)
    assigned = send_impressions(client, running_test.pk).json()

    assert response["X-App-Cache"] == "bypass"
    assert "private" in response["Cache-Control"]
    assert f">{ORIGINAL}</a>" in response.content.decode()
    assert assigned == {"variants": {}}


def test_the_story_page_is_untouched_by_the_test(running_test: HeadlineTest) -> None:
    reader = as_reader(Client(), reader_in(running_test, 1))
    url = "/stories/harbour-bridge-reopens/"

    first, second = reader.get(url), Client().get(url)

    assert (first["X-App-Cache"], second["X-App-Cache"]) == ("miss", "hit")
    assert f"<h1>{ORIGINAL}</h1>" in first.content.decode()
    assert b"data-headline" not in first.content


def test_the_fronts_load_the_script_from_our_own_origin(running_test: HeadlineTest) -> None:
    page = Client().get("/").content.decode()

    assert 'src="/static/js/headline-test.js"' in page
    assert 'data-impressions-url="/headline-tests/impressions"' in page
    assert f'data-headline-click-url="/headline-tests/{running_test.pk}/click"' in page
    assert "<script>" not in page  # nothing inline: the CSP forbids it


def test_impressions_are_counted_when_the_front_came_from_the_cache(
    running_test: HeadlineTest,
) -> None:
    Client().get("/")  # now cached
    reader = as_reader(Client(), reader_in(running_test, 2))

    page = reader.get("/")
    send_impressions(reader, running_test.pk)

    assert page["X-App-Cache"] == "hit"
    flush_all()
    assert figures(running_test)[2] == (1, 0)
