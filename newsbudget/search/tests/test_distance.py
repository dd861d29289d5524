"""Stories within a radius of a point, nearest first, alone or with words and filters."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from newsbudget.desks.models import Desk
from newsbudget.search.forms import Near
from newsbudget.search.geo import bounding_box
from newsbudget.search.tests.conftest import MakeStory

LONDON = {"lat": "51.5074", "lon": "-0.1278"}


def place(latitude: str, longitude: str, name: str) -> dict:
    return {"latitude": Decimal(latitude), "longitude": Decimal(longitude), "location_name": name}


def search(client: Client, **params: str) -> dict:
    response = client.get("/api/v1/search/", params)
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture
def located(desk: Desk, story: MakeStory) -> None:
    story(desk, headline="Market in Croydon", **place("51.3762", "-0.0982", "Croydon"))
    story(desk, headline="Market in Oxford", **place("51.7520", "-1.2577", "Oxford"))
    story(desk, headline="Market in Westminster", **place("51.4975", "-0.1357", "Westminster"))
    story(desk, headline="Market in Paris", **place("48.8566", "2.3522", "Paris"))
    story(desk, headline="Market nowhere in particular")


def test_it_finds_stories_within_the_radius_nearest_first(client: Client, located: None) -> None:
    results = search(client, **LONDON, radius_km="100")

    assert [hit["location_name"] for hit in results["results"]] == [
        "Westminster",
        "Croydon",
        "Oxford",
    ]
    distances = [hit["distance_km"] for hit in results["results"]]
    assert distances[0] == pytest.approx(1.2, abs=0.1)
    assert distances[2] == pytest.approx(83.4, abs=1)


def test_the_radius_defaults_to_25_km(client: Client, located: None) -> None:
    assert search(client, **LONDON)["count"] == 2


def test_distance_combines_with_words_and_filters(
    client: Client, located: None, desk: Desk
) -> None:
    assert search(client, q="oxford market", **LONDON, radius_km="500")["count"] == 1
    results = search(client, q="market", **LONDON, radius_km="500", sort="relevance")
    assert results["count"] == 4
    assert search(client, **LONDON, radius_km="500", desk="no-such-desk")["count"] == 0


def test_the_page_shows_the_distance(client: Client, located: None) -> None:
    page = client.get("/search/", {**LONDON, "radius_km": "10"}).content.decode()

    assert "1.2 km away (Westminster)" in page
    assert "search everywhere" in page


def test_it_reaches_across_the_date_line(client: Client, desk: Desk, story: MakeStory) -> None:
    story(desk, headline="Fiji east", **place("-17.7", "179.9", "East of the line"))
    story(desk, headline="Fiji west", **place("-17.7", "-179.9", "West of the line"))

    results = search(client, lat="-17.7", lon="179.95", radius_km="50")

    assert [hit["location_name"] for hit in results["results"]] == [
        "East of the line",
        "West of the line",
    ]


def test_near_a_pole_the_box_covers_every_longitude(
    client: Client, desk: Desk, story: MakeStory
) -> None:
    story(desk, headline="Polar station", **place("89.95", "120", "Station"))

    assert search(client, lat="89.9", lon="-60", radius_km="50")["count"] == 1
    assert "longitude" not in str(bounding_box(Near(latitude=89.9, longitude=-60, radius_km=50)))
