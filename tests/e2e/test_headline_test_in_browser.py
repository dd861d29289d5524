"""A headline A/B test as readers' browsers run it: one cached front, each reader's own headline.

The front is cached once with every headline of the test on the link; the
page's static script (static/js/headline-test.js) asks the beacon which one
this reader sees and swaps the link's text.  Here real Chromium readers in
two buckets open the same cached front and each sees their bucket's headline,
a new reader is given a bucket by the beacon, a reader without JavaScript
keeps the original, and a click through is counted for the variant shown.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, expect
from pytest_django.live_server_helper import LiveServer

from newsbudget.accounts.models import User
from newsbudget.desks.models import Desk
from newsbudget.experiments import bucketing, services
from newsbudget.experiments.models import HeadlineTest, HeadlineVariant
from newsbudget.experiments.tests.conftest import ALTERNATIVES, BROWSER, ORIGINAL, reader_in
from newsbudget.stories.models import Status
from tests.factories import StoryFactory

pytestmark = pytest.mark.browser

TESTED_LINK = "a[data-headline-test]"


@pytest.fixture
def running_test(desk: Desk, editor: User) -> HeadlineTest:
    story = StoryFactory(
        desk=desk, status=Status.LIVE, headline=ORIGINAL, slug="harbour-bridge-reopens"
    )
    return services.start_headline_test(story=story, by=editor, alternatives=ALTERNATIVES)


def reader(browser: Browser, live_server: LiveServer, reader_id: str | None) -> BrowserContext:
    """A reader's browser (an ordinary Chrome user agent: headless Chromium's says "Headless")."""
    context = browser.new_context(user_agent=BROWSER)
    if reader_id is not None:
        cookie = {"name": bucketing.READER_COOKIE, "value": reader_id, "url": live_server.url}
        context.add_cookies([cookie])  # type: ignore[list-item]
    return context


def open_front(context: BrowserContext, live_server: LiveServer) -> tuple[Page, str]:
    """The home page, once its script has asked for this reader's headline; and its cache status."""
    page = context.new_page()
    with page.expect_response(lambda response: "/headline-tests/impressions" in response.url):
        response = page.goto(f"{live_server.url}/")
    assert response is not None
    assert response.status == 200
    return page, response.headers["x-app-cache"]


@pytest.mark.usefixtures("transactional_db")
def test_readers_in_two_buckets_see_their_own_headline_on_one_cached_front(
    live_server: LiveServer, browser: Browser, running_test: HeadlineTest
) -> None:
    shown, cache = [], []
    for variant in (1, 2):
        context = reader(browser, live_server, reader_in(running_test, variant))
        page, cache_status = open_front(context, live_server)
        expect(page.locator(TESTED_LINK)).to_have_text(ALTERNATIVES[variant - 1])
        shown.append(page.locator(TESTED_LINK).inner_text())
        cache.append(cache_status)
        context.close()

    assert cache == ["miss", "hit"]
    assert shown == ALTERNATIVES


@pytest.mark.usefixtures("transactional_db")
def test_a_new_reader_is_given_a_bucket_and_keeps_it(
    live_server: LiveServer, browser: Browser, running_test: HeadlineTest
) -> None:
    context = reader(browser, live_server, None)
    page, _ = open_front(context, live_server)
    issued = {c["name"]: c["value"] for c in context.cookies()}[bucketing.READER_COOKIE]
    variant = bucketing.variant_for(reader_id=issued, test_id=running_test.pk, variants=3)
    headline = [ORIGINAL, *ALTERNATIVES][variant]
    expect(page.locator(TESTED_LINK)).to_have_text(headline)

    again, _ = open_front(context, live_server)

    expect(again.locator(TESTED_LINK)).to_have_text(headline)
    assert {c["name"]: c["value"] for c in context.cookies()}[bucketing.READER_COOKIE] == issued
    context.close()


@pytest.mark.usefixtures("transactional_db")
def test_a_reader_without_javascript_keeps_the_original_headline(
    live_server: LiveServer, browser: Browser, running_test: HeadlineTest
) -> None:
    context = browser.new_context(user_agent=BROWSER, java_script_enabled=False)
    cookie = {"name": bucketing.READER_COOKIE, "value": reader_in(running_test, 1)}
    context.add_cookies([{**cookie, "url": live_server.url}])  # type: ignore[list-item]
    page = context.new_page()
    page.goto(f"{live_server.url}/")

    expect(page.locator(TESTED_LINK)).to_have_text(ORIGINAL)
    context.close()


@pytest.mark.usefixtures("transactional_db")
def test_a_click_through_the_headline_shown_is_counted_for_its_variant(
    live_server: LiveServer, browser: Browser, running_test: HeadlineTest
) -> None:
    context = reader(browser, live_server, reader_in(running_test, 2))
    page, _ = open_front(context, live_server)
    link = page.locator(TESTED_LINK)
    expect(link).to_have_text(ALTERNATIVES[1])

    with page.expect_request(lambda request: request.url.endswith("/click")) as click:
        link.click()
    page.wait_for_url(f"**{running_test.story.get_absolute_url()}")
    assert click.value.method == "POST"
    context.close()

    services.flush_headline_counts(now=timezone.now() + datetime.timedelta(minutes=5))
    counts = {
        variant.position: (variant.impressions, variant.clicks)
        for variant in HeadlineVariant.objects.filter(test=running_test)
    }
    assert counts == {0: (0, 0), 1: (0, 0), 2: (1, 1)}
