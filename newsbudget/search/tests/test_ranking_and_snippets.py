"""Results come best first, with the matches marked in escaped headlines and snippets."""

from __future__ import annotations

from django.test import Client

from newsbudget.desks.models import Desk
from newsbudget.search.tests.conftest import MakeStory
from tests.factories import TagFactory, UserFactory


def search(client: Client, **params: str) -> dict:
    response = client.get("/api/v1/search/", params)
    assert response.status_code == 200, response.content
    return response.json()


def headlines(results: dict) -> list[str]:
    return [hit["headline_html"] for hit in results["results"]]


def test_a_headline_match_outranks_a_body_match(
    client: Client, desk: Desk, story: MakeStory
) -> None:
    story(
        desk, headline="Council minutes", body="<p>A long note on the reservoir.</p>", hours_ago=1
    )
    story(desk, headline="Reservoir level falls", body="<p>Dry summer.</p>", hours_ago=5)

    results = search(client, q="reservoir")

    assert headlines(results) == [
        "<mark>Reservoir</mark> level falls",
        "Council minutes",
    ]
    assert results["results"][0]["score"] > results["results"][1]["score"]


def test_tags_and_bylines_are_searched(client: Client, desk: Desk, story: MakeStory) -> None:
    tag = TagFactory(name="Wildfires", slug="wildfires")
    reporter = UserFactory(first_name="Ottoline", last_name="Quarrington")
    story(desk, headline="Tagged one", tags=[tag])
    story(desk, headline="Bylined one", bylines=[reporter])

    assert headlines(search(client, q="wildfires")) == ["Tagged one"]
    assert headlines(search(client, q="quarrington")) == ["Bylined one"]


def test_words_match_in_any_form(client: Client, desk: Desk, story: MakeStory) -> None:
    story(desk, headline="Storms flood the valley")

    assert headlines(search(client, q="flooding storm")) == [
        "<mark>Storms</mark> <mark>flood</mark> the valley"
    ]


def test_phrases_exclusions_and_alternatives(client: Client, desk: Desk, story: MakeStory) -> None:
    story(desk, headline="City council votes", hours_ago=1)
    story(desk, headline="Council of the city votes", hours_ago=2)
    story(desk, headline="Sport council votes", hours_ago=3)

    assert len(search(client, q='"city council"')["results"]) == 1
    assert len(search(client, q="council -sport")["results"]) == 2
    assert search(client, q="sport OR city")["count"] == 3


def test_the_snippet_marks_matches_in_escaped_text(
    client: Client, desk: Desk, story: MakeStory
) -> None:
    story(
        desk,
        headline="Markup <script>alert(1)</script> kept as text",
        body="<p>The aardvark &amp; the &lt;blink&gt; tag.</p>",
    )

    [hit] = search(client, q="aardvark")["results"]

    assert "<mark>aardvark</mark>" in hit["snippet_html"]
    assert "&amp;" in hit["snippet_html"]
    assert "<blink>" not in hit["snippet_html"]
    assert "<mark>" not in hit["headline_html"]
    assert "<script>" not in hit["headline_html"]


def test_text_that_looks_like_markup_is_kept_in_highlights_as_text(
    client: Client, desk: Desk, story: MakeStory
) -> None:
    """PostgreSQL's ts_headline would take ``<b>`` for a tag and leave it out: it stays, escaped."""
    story(
        desk,
        headline="Why <b> and <script> tags matter to the aardvark",
        body="<p>The aardvark wrote &lt;blink&gt; in 1995.</p>",
    )

    [hit] = search(client, q="aardvark")["results"]

    assert hit["headline_html"] == (
        "Why &lt;b&gt; and &lt;script&gt; tags matter to the <mark>aardvark</mark>"
    )
    assert "&lt;blink&gt;" in hit["snippet_html"]
    assert "<mark>aardvark</mark>" in hit["snippet_html"]


def test_the_page_shows_the_marks_and_escapes_the_rest(
    client: Client, desk: Desk, story: MakeStory
) -> None:
    story(desk, headline='Otters <img src=x onerror="alert(1)"> return', summary="Otters & more")

    page = client.get("/search/", {"q": "otters"}).content.decode()

    assert "<mark>Otters</mark> " in page
    assert "<img" not in page
    assert "<mark>Otters</mark> &amp; more" in page


def test_results_are_paginated(client: Client, desk: Desk, story: MakeStory, settings) -> None:
    settings.PAGE_SIZE = 2
    for hours in range(5):
        story(desk, headline=f"Harbour report {hours}", hours_ago=hours + 1)

    first = search(client, q="harbour", sort="newest")
    third = search(client, q="harbour", sort="newest", page="3")
    beyond = search(client, q="harbour", page="9")

    assert (first["count"], first["pages"], first["previous"]) == (5, 3, None)
    assert first["next"].endswith("page=2")
    assert headlines(first) == ["<mark>Harbour</mark> report 0", "<mark>Harbour</mark> report 1"]
    assert headlines(third) == ["<mark>Harbour</mark> report 4"]
    assert third["next"] is None
    assert beyond["results"] == []
    assert beyond["count"] == 5


def test_the_page_links_to_the_next_page(
    client: Client, desk: Desk, story: MakeStory, settings
) -> None:
    settings.PAGE_SIZE = 1
    story(desk, headline="Ferry one")
    story(desk, headline="Ferry two")

    page = client.get("/search/", {"q": "ferry"}).content.decode()

    assert 'rel="next" href="?q=ferry&amp;page=2"' in page
    assert "page 1 of 2" in page
