"""A reader's browser counts a view even when the story page comes from the page cache.

Two fresh browsers open the same story: the first page is rendered (a page
cache miss), the second is served from the cache; each page's script sends
its beacon, and after the flush the story has two views.
"""

from __future__ import annotations

import datetime

import pytest
from django.db.models import Sum
from django.utils import timezone
from playwright.sync_api import Browser
from pytest_django.live_server_helper import LiveServer

from newsbudget.desks.models import Desk
from newsbudget.readership.models import StoryViews
from newsbudget.readership.services import flush_page_views
from newsbudget.stories.models import Status
from tests.factories import StoryFactory

pytestmark = pytest.mark.browser


@pytest.mark.usefixtures("transactional_db")
def test_a_cached_story_page_still_counts_its_view(
    live_server: LiveServer, browser: Browser, desk: Desk
) -> None:
    story = StoryFactory(desk=desk, status=Status.LIVE, headline="Night trains return")
    served_by_cache = []
    for _ in range(2):
        page = browser.new_context().new_page()
        with page.expect_response(lambda response: response.url.endswith("/view")) as beacon:
            response = page.goto(f"{live_server.url}{story.get_absolute_url()}")
        assert response is not None
        served_by_cache.append(response.headers["x-app-cache"])
        assert beacon.value.status == 204
        page.context.close()

    flush_page_views(now=timezone.now() + datetime.timedelta(minutes=2))

    assert served_by_cache == ["miss", "hit"]
    assert StoryViews.objects.filter(story=story).aggregate(n=Sum("count"))["n"] == 2
