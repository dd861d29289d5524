"""Two editors on today's budget: what one changes appears on the other's screen, no reload.

The board's HTTP pages come from pytest-django's live server and its
WebSocket from uvicorn on another port (tests/e2e/realtime.py), the page told
where by ``REALTIME_URL`` and allowed to connect by the CSP, as in
``make run``.  The web side's in-memory channel layer is not the realtime
side's (as between gunicorn and uvicorn in ``make run``), so the events reach
the sockets through the shared event counter that realtime polls.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer
from waffle.models import Flag

from newsbudget.accounts.models import User
from newsbudget.accounts.roles import EDITOR
from newsbudget.budget import events
from newsbudget.desks.models import Desk
from newsbudget.stories import services
from newsbudget.stories.models import Status, Story
from tests.e2e.realtime import realtime_server
from tests.e2e.signin import sign_in
from tests.factories import StoryFactory, staff_member

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

LIVE_WITHIN_MS = 5_000  # a second in practice; room for two busy cores


@pytest.fixture
def live_board(settings: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The flag on for staff, realtime on its own port, and the CSP letting the page reach it."""
    Flag.objects.create(name=events.LIVE_FLAG, staff=True)

    async def other_process(event: events.Event) -> None:
        """What gunicorn's in-memory layer does for realtime's sockets in `make run`: nothing."""

    monkeypatch.setattr(events, "send", other_process)
    with realtime_server() as port:
        origin = f"ws://localhost:{port}"
        settings.REALTIME_URL = f"{origin}/ws/budget/"
        settings.SECURE_CSP = {
            **settings.SECURE_CSP,
            "connect-src": [*settings.SECURE_CSP["connect-src"], origin],
        }
        yield


def on_the_board(browser: Browser, site: str, user: User) -> Page:
    page = browser.new_context().new_page()
    sign_in(page, site, user)
    expect(page.locator("#live-status")).to_have_attribute("data-state", "live")
    page.evaluate("window.notReloaded = true")
    return page


@pytest.mark.usefixtures("live_board")
def test_a_move_and_a_retitle_appear_on_another_editors_board_without_reload(
    live_server: LiveServer, browser: Browser, editor: User, desk: Desk
) -> None:
    today = timezone.localdate()
    moving = StoryFactory(desk=desk, budget_date=today, status=Status.EDITED, headline="Tram line")
    retitled = StoryFactory(desk=desk, budget_date=today, status=Status.DRAFT, headline="Harbour")
    colleague = staff_member(EDITOR, desk, username="night-editor")

    watching = on_the_board(browser, live_server.url, colleague)
    expect(watching.locator(f"#story-{moving.pk}")).to_be_visible()

    # One editor moves a story to tomorrow through the page…
    acting = on_the_board(browser, live_server.url, editor)
    tomorrow = (today + datetime.timedelta(days=1)).isoformat()
    acting.locator(f"#move-{moving.pk}").fill(tomorrow)
    acting.locator(f'button[data-move="{moving.pk}"]').click()
    expect(acting.get_by_text("Moved “Tram line”")).to_be_visible()

    # …and it leaves the other editor's board, which never reloaded.
    expect(watching.locator(f"#story-{moving.pk}")).to_have_count(0, timeout=LIVE_WITHIN_MS)
    assert Story.objects.get(pk=moving.pk).budget_date.isoformat() == tomorrow

    # A retitle made elsewhere (the API, the admin: the same service) appears too, marked.
    services.update_story(story=retitled, by=editor, headline="Harbour plan approved")
    row = watching.locator(f"#story-{retitled.pk}")
    expect(row).to_contain_text("Harbour plan approved", timeout=LIVE_WITHIN_MS)
    expect(row).to_have_class("live-changed")
    assert watching.evaluate("window.notReloaded") is True
