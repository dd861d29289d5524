"""Results narrow by desk, tag, publication dates and length; facets count them by desk and tag."""

from __future__ import annotations

import datetime

from django.test import Client
from django.utils import timezone

from newsbudget.desks.models import Desk
from newsbudget.search.tests.conftest import MakeStory
from tests.factories import TagFactory


def search(client: Client, **params: str) -> dict:
    response = client.get("/api/v1/search/", params)
    assert response.status_code == 200, response.content
    return response.json()


def ids(results: dict) -> list[int]:
    return sorted(hit["id"] for hit in results["results"])


def test_it_filters_by_desk_and_tag(
    client: Client, desk: Desk, other_desk: Desk, story: MakeStory
) -> None:
    rail = TagFactory(name="Rail", slug="rail")
    news = story(desk, headline="Tram line opens", tags=[rail])
    fares = story(desk, headline="Tram fares rise")
    sport = story(other_desk, headline="Tram derby", tags=[rail])

    assert ids(search(client, q="tram", desk=desk.slug)) == sorted([news.pk, fares.pk])
    assert ids(search(client, q="tram", tag="rail")) == sorted([news.pk, sport.pk])
    assert ids(search(client, q="tram", desk=other_desk.slug, tag="rail")) == [sport.pk]
    assert search(client, q="tram", desk="no-such-desk")["count"] == 0


def test_it_filters_by_publication_date(client: Client, desk: Desk, story: MakeStory) -> None:
    today = timezone.now().date()
    story(desk, headline="Bridge today", hours_ago=0)
    old = story(desk, headline="Bridge long ago", hours_ago=24 * 40)
    before = (today - datetime.timedelta(days=30)).isoformat()

    assert ids(search(client, q="bridge", published_to=before)) == [old.pk]
    assert search(client, q="bridge", published_from=before)["count"] == 1
    assert search(client, published_from=before, published_to=today.isoformat())["count"] == 1


def test_it_filters_by_length(client: Client, desk: Desk, story: MakeStory) -> None:
    short = story(desk, headline="Brief", word_count=150)
    story(desk, headline="Feature", word_count=2500)

    assert ids(search(client, max_words="300")) == [short.pk]
    assert search(client, min_words="300", max_words="3000")["count"] == 1
    assert search(client, min_words="150", max_words="150")["count"] == 1


def test_it_counts_results_per_desk_and_tag(
    client: Client, desk: Desk, other_desk: Desk, story: MakeStory
) -> None:
    rail, buses = TagFactory(name="Rail", slug="rail"), TagFactory(name="Buses", slug="buses")
    story(desk, headline="Transit plan one", tags=[rail, buses])
    story(desk, headline="Transit plan two", tags=[rail])
    story(other_desk, headline="Transit plan three", tags=[buses])
    story(other_desk, headline="Unrelated", tags=[rail])

    facets = search(client, q="transit")["facets"]

    assert facets["desk"] == [
        {"slug": desk.slug, "name": desk.name, "count": 2},
        {"slug": other_desk.slug, "name": other_desk.name, "count": 1},
    ]
    assert facets["tag"] == [
        {"slug": "buses", "name": "Buses", "count": 2},
        {"slug": "rail", "name": "Rail", "count": 2},
    ]


def test_the_page_offers_the_facets_as_links(client: Client, desk: Desk, story: MakeStory) -> None:
    story(desk, headline="Canal reopens", tags=[TagFactory(name="Canals", slug="canals")])

    page = client.get("/search/", {"q": "canal"}).content.decode()

    assert f'href="?q=canal&amp;desk={desk.slug}"' in page
    assert 'href="?q=canal&amp;tag=canals">Canals</a> <span class="count">1</span>' in page
