""" "Stories near me" on the public search page, in Chromium with and without the reader's consent.

The button (static/js/search-near-me.js) asks the browser for the reader's
position; only when the reader allows it does the rounded position go into
the search, and the results are ordered by distance from it.  Refused, the
page says so and nothing is sent.
"""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from newsbudget.desks.models import Desk
from newsbudget.experiments.tests.conftest import BROWSER
from newsbudget.stories.models import Status
from tests.factories import StoryFactory

pytestmark = pytest.mark.browser

# The reader stands in Leeds; one story is there, one in York (35 km), one in London (270 km).
READER = {"latitude": 53.80079, "longitude": -1.54918}
PLACES = [
    ("Market hall reopens in York", Decimal("53.9590"), Decimal("-1.0815")),
    ("Leeds station gets a new roof", Decimal("53.7950"), Decimal("-1.5480")),
    ("London bridge closed for repairs", Decimal("51.5079"), Decimal("-0.0877")),
]


@pytest.fixture
def stories_in_three_places(desk: Desk) -> None:
    for headline, latitude, longitude in PLACES:
        StoryFactory(
            desk=desk, status=Status.LIVE, headline=headline, latitude=latitude, longitude=longitude
        )


@pytest.mark.usefixtures("transactional_db", "stories_in_three_places")
def test_a_reader_who_shares_their_location_gets_the_stories_nearest_first(
    live_server: LiveServer, browser: Browser
) -> None:
    context = browser.new_context(
        user_agent=BROWSER, geolocation=READER, permissions=["geolocation"]
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/search/")

    with page.expect_navigation():
        page.get_by_role("button", name="Stories near me").click()

    sent = parse_qs(urlsplit(page.url).query)
    assert (sent["lat"], sent["lon"]) == (["53.801"], ["-1.549"])  # rounded to about 100 m
    headlines = page.locator("ol.results li.hit h2")
    expect(headlines).to_have_text(["Leeds station gets a new roof"])  # within 25 km
    expect(page.locator("ol.results .meta")).to_contain_text(["km away"])

    page.get_by_label("Within").select_option("100")
    with page.expect_navigation():
        page.get_by_role("main").get_by_role("button", name="Search").click()

    expect(headlines).to_have_text(["Leeds station gets a new roof", "Market hall reopens in York"])
    context.close()


@pytest.mark.usefixtures("transactional_db", "stories_in_three_places")
def test_a_reader_who_refuses_is_told_and_nothing_is_sent(
    live_server: LiveServer, browser: Browser
) -> None:
    context = browser.new_context(user_agent=BROWSER, geolocation=READER, permissions=[])
    page = context.new_page()
    page.goto(f"{live_server.url}/search/")
    searches = []
    page.on("request", lambda request: searches.append(request.url))

    page.get_by_role("button", name="Stories near me").click()

    expect(page.locator("#near-me-status")).to_have_text(
        "Location not shared, so the search covers everywhere."
    )
    assert not [url for url in searches if "lat=" in url]
    assert urlsplit(page.url).query == ""
    context.close()
