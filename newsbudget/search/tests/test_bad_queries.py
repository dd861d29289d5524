"""Hostile and mistaken searches get a 400 naming the problem (or an empty result), never a 500."""

from __future__ import annotations

import pytest
from django.test import Client

from newsbudget.desks.models import Desk
from newsbudget.search.tests.conftest import MakeStory

BAD = [
    ({"q": "x" * 10_240}, "q", "at most 200 characters"),
    ({"q": 'OR - "" * ( )'}, "q", "no words to look for"),
    ({"q": "-sport"}, "q", "cannot only leave words out"),
    ({"q": "flood\x00"}, "q", "Null characters"),
    ({"page": "0"}, "page", "greater than or equal to 1"),
    ({"page": "two"}, "page", "whole number"),
    ({"page": "99999999999999999999"}, "page", "less than or equal to 500"),
    ({"min_words": "-1"}, "min_words", "greater than or equal to 0"),
    ({"min_words": "900", "max_words": "100"}, "max_words", "minimum length is above"),
    ({"published_from": "2026-02-30"}, "published_from", "valid date"),
    ({"published_from": "yesterday"}, "published_from", "valid date"),
    ({"published_from": "2026-05-02", "published_to": "2026-05-01"}, "published_to", "after"),
    ({"lat": "91", "lon": "0"}, "lat", "less than or equal to 90"),
    ({"lat": "NaN", "lon": "0"}, "lat", "number"),
    ({"lat": "1e999", "lon": "0"}, "lat", ""),
    ({"lat": "10"}, "non_field_errors", "both a latitude"),
    ({"lat": "10", "lon": "10", "radius_km": "0"}, "radius_km", "greater than or equal to 0.1"),
    ({"lat": "10", "lon": "10", "radius_km": "40000"}, "radius_km", "less than or equal to 500"),
    ({"radius_km": "5", "q": "x"}, "radius_km", "needs a latitude"),
    ({"sort": "distance", "q": "x"}, "sort", "needs a latitude"),
    ({"sort": "relevance", "desk": "news"}, "sort", "needs words"),
    ({"sort": "id; DROP TABLE"}, "sort", "valid choice"),
    ({"desk": "news' OR 1=1 --"}, "desk", "slug"),
    ({"tag": "<script>"}, "tag", "slug"),
]


@pytest.mark.parametrize(("params", "field", "message"), BAD, ids=[str(p)[:40] for p, _, _ in BAD])
def test_the_api_answers_400_naming_the_parameter(
    client: Client, db: None, params: dict, field: str, message: str
) -> None:
    response = client.get("/api/v1/search/", params)

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert message in " ".join(error["fields"][field])


@pytest.mark.parametrize(("params", "field", "message"), BAD, ids=[str(p)[:40] for p, _, _ in BAD])
def test_the_page_answers_400_with_the_message(
    client: Client, db: None, params: dict, field: str, message: str
) -> None:
    response = client.get("/search/", params)

    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="error" role="alert"' in page
    assert "<script>" not in page.split("<main>")[1]


def test_an_empty_search_shows_the_form_and_no_results(client: Client, db: None) -> None:
    response = client.get("/search/", {"q": "   "})

    assert response.status_code == 200
    assert "Type some words" in response.content.decode()


def test_an_empty_api_search_says_what_to_give(client: Client, db: None) -> None:
    response = client.get("/api/v1/search/")

    assert response.status_code == 400
    assert "Give words to search for" in response.json()["error"]["fields"]["q"][0]


@pytest.mark.parametrize(
    "text",
    [
        "'; DROP TABLE stories_story; --",
        "1' OR '1'='1",
        '"unbalanced quote',
        "NEAR(flood warning) AND NOT",
        "col:headline ^start *",
        "Zürich 東京 🌊",
        "a & b | !c <-> d:*",
    ],
)
def test_odd_text_is_searched_as_words(
    client: Client, desk: Desk, story: MakeStory, text: str
) -> None:
    story(desk, headline="Flood warning in Zürich")

    response = client.get("/api/v1/search/", {"q": text})
    page = client.get("/search/", {"q": text})

    assert response.status_code == 200
    assert page.status_code == 200
    assert isinstance(response.json()["count"], int)
