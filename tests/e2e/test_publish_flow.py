"""An editor publishes from the budget in a real browser, and readers see the story.

Playwright drives Debian's chromium (never a downloaded browser) against
pytest-django's live server.  The browser runs headless with no sandbox (we
may be root) and with Chromium's background network traffic switched off:
this machine reaches nothing but loopback.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import Browser, expect, sync_playwright
from pytest_django.live_server_helper import LiveServer

from newsbudget.accounts.models import User
from newsbudget.desks.models import Desk
from newsbudget.stories.models import Status
from tests.factories import PASSWORD, StoryFactory

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HEADLINE = "Tram line to the harbour opens on Monday"
# Two busy cores in CI: give each wait more room than Playwright's 5 s.
expect.set_options(timeout=15_000)


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's chromium. "
            "Install it with scripts/ensure-servers (as root)."
        )
    # Playwright's sync API runs an event loop in this thread; the ORM calls the
    # test makes meanwhile are still plain synchronous calls.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()
            # With a loop running, Django keeps this thread's connections apart from
            # the ones it had before (asgiref's Local); close them here, or
            # PostgreSQL refuses to drop the test database at the end of the run.
            connections.close_all()


@pytest.mark.usefixtures("transactional_db")
def test_it_publishes_a_story_from_the_budget_to_the_home_page(
    live_server: LiveServer, browser: Browser, editor: User, desk: Desk
) -> None:
    story = StoryFactory(desk=desk, status=Status.EDITED, headline=HEADLINE)
    before = browser.new_context().new_page()
    before.goto(f"{live_server.url}/")
    expect(before.get_by_text(HEADLINE)).to_have_count(0)

    page = browser.new_context().new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill(editor.username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    expect(page).to_have_url(re.compile(r"/newsroom/budget/"))

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
