"""An editor signs in (password, then a TOTP code), publishes from the budget in a real browser,
and readers see the story.

Playwright drives Debian's chromium (never a downloaded browser, see conftest.py)
against pytest-django's live server.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from newsbudget.accounts.models import User
from newsbudget.desks.models import Desk
from newsbudget.stories.models import Status
from tests.e2e.signin import sign_in
from tests.factories import StoryFactory

pytestmark = pytest.mark.browser

HEADLINE = "Tram line to the harbour opens on Monday"


@pytest.mark.usefixtures("transactional_db")
def test_it_publishes_a_story_from_the_budget_to_the_home_page(
    live_server: LiveServer, browser: Browser, editor: User, desk: Desk
) -> None:
    story = StoryFactory(desk=desk, status=Status.EDITED, headline=HEADLINE)
    before = browser.new_context().new_page()
    before.goto(f"{live_server.url}/")
    expect(before.get_by_text(HEADLINE)).to_have_count(0)

    page = browser.new_context().new_page()
    sign_in(page, live_server.url, editor)

    page.goto(f"{live_server.url}/newsroom/budget/")
    row = page.locator(f"#story-{story.pk}")
    expect(row).to_contain_text("Edited")
    row.locator(f'button[data-story="{story.pk}"]', has_text="Publish").click()

    expect(page).to_have_url(re.compile(r"/newsroom/budget/"))
    expect(page.locator(f"#story-{story.pk}")).to_contain_text("Live")

    reader = browser.new_context().new_page()
    reader.goto(f"{live_server.url}/")
    expect(reader.get_by_text(HEADLINE)).to_be_visible()
    reader.get_by_role("link", name=HEADLINE).click()
    expect(reader.get_by_role("heading", name=HEADLINE)).to_be_visible()
