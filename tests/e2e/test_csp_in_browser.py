"""In a real browser, our pages run under the CSP without a violation, and no XSS payload runs.

Chromium enforces the ``Content-Security-Policy`` the site sends and reports
every refusal as a ``securitypolicyviolation`` event, which an init script
collects before any page script runs.  So:

- the public pages, the staff pages, the admin and both API docs pages
  (Swagger UI and ReDoc, which start from inline scripts and add styles at
  run time) load and work with no violation at all, proving the policy needs
  no ``'unsafe-inline'``;
- pages showing stories, desks and bylines made of XSS payloads open no dialog
  and never set ``window.__xss``, and the CSP has nothing to refuse either: the
  payloads arrive escaped, as text; nor does the API's JSON holding them, shown
  in Swagger UI by "Try it out".

One refusal is expected and kept: ReDoc's sidebar shows Redocly's logo from
``cdn.redoc.ly``; the policy blocks it (our docs load nothing from third
parties) and ReDoc hides the broken image.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Dialog, Page, expect
from pytest_django.live_server_helper import LiveServer

from newsbudget.accounts.models import User
from newsbudget.accounts.roles import REPORTER
from newsbudget.desks.models import Desk
from newsbudget.stories.models import Status, Story
from tests.factories import (
    PASSWORD,
    DeskFactory,
    StoryFactory,
    TagFactory,
    UserFactory,
    staff_member,
)
from tests.hostile.payloads import TAG_PAYLOADS, XSS_PAYLOADS

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.effectiveDirective} refused ${event.blockedURI || "inline"}`
    + ` (${event.sourceFile || document.location.pathname}:${event.lineNumber})`);
});
"""
EXPECTED_ON_REDOC = "img-src refused https://cdn.redoc.ly/redoc/logo-mini.svg"
expect.set_options(timeout=15_000)


@dataclass
class Visit:
    """What one page did in the browser."""

    violations: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    xss: bool = False


class Tab:
    """One browser tab, signed in as ``user`` when one is given (factory users have 2FA)."""

    def __init__(self, browser: Browser, live_server: LiveServer, user: User | None) -> None:
        self.base = live_server.url
        self.context: BrowserContext = browser.new_context()
        self.context.add_init_script(WATCH)
        if user is not None:
            client = Client()
            client.force_login(user)
            cookie = {"name": "sessionid", "value": client.cookies["sessionid"].value}
            self.context.add_cookies([{**cookie, "url": self.base}])
        self.page: Page = self.context.new_page()
        self.dialogs: list[str] = []
        self.page.on("dialog", self._dismiss)

    def sign_in(self, user: User) -> None:
        """Sign in through the login form, as a person would (``user`` has no 2FA yet)."""
        self.page.goto(f"{self.base}/accounts/login/")
        self.page.locator("input[name=login]").fill(user.username)
        self.page.locator("input[name=password]").fill(PASSWORD)
        self.page.locator("input[name=password]").press("Enter")
        expect(self.page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/"))

    def try_in_swagger_ui(self, path: str) -> Visit:
        """Call the GET operation at ``path`` from Swagger UI ("Try it out", "Execute")."""
        self.visit("/api/v1/docs/", settle=".opblock-summary")
        self.dialogs.clear()
        operation = self.page.locator(".opblock-get", has=self.page.get_by_text(path, exact=True))
        operation.first.locator(".opblock-summary").click()
        operation.first.locator(".try-out__btn").click()
        operation.first.locator(".execute").click()
        status = operation.first.locator(".live-responses-table td.response-col_status")
        expect(status.last).to_have_text("200")
        self.page.wait_for_timeout(50)
        return Visit(
            violations=self.page.evaluate("window.__violations"),
            dialogs=list(self.dialogs),
            xss=bool(self.page.evaluate("window.__xss || false")),
        )

    def _dismiss(self, dialog: Dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def visit(self, path: str, *, settle: str | None = None) -> Visit:
        """Open ``path``, wait for it (and ``settle``, a selector), report what ran on it."""
        self.dialogs.clear()
        self.page.goto(f"{self.base}{path}", wait_until="load")
        if settle:
            expect(self.page.locator(settle).first).to_be_visible()
        self.page.wait_for_timeout(50)  # let late handlers (ontoggle, onfocus, timers) fire
        return Visit(
            violations=self.page.evaluate("window.__violations"),
            dialogs=list(self.dialogs),
            xss=bool(self.page.evaluate("window.__xss || false")),
        )


def test_the_api_docs_work_under_the_csp(browser: Browser, live_server: LiveServer) -> None:
    tab = Tab(browser, live_server, None)

    swagger = tab.visit("/api/v1/docs/", settle=".opblock-summary")
    redoc = tab.visit("/api/v1/redoc/", settle="h1")

    assert swagger.violations == []
    assert [v for v in redoc.violations if not v.startswith(EXPECTED_ON_REDOC)] == []


def test_the_site_the_newsroom_and_the_admin_work_under_the_csp(
    browser: Browser,
    live_server: LiveServer,
    editor: User,
    newsroom_admin: User,
    desk: Desk,
) -> None:
    story = StoryFactory(desk=desk, status=Status.LIVE, bylines=[editor])
    reader = Tab(browser, live_server, None)
    newcomer = Tab(browser, live_server, None)
    # A fresh sign-in, so enrolment asks for no re-authentication.
    newcomer.sign_in(staff_member(REPORTER, desk, username="newcomer", totp=False))
    staff = Tab(browser, live_server, editor)
    admin = Tab(browser, live_server, newsroom_admin)
    pages = [
        (reader, "/"),
        (reader, f"/desks/{desk.slug}/"),
        (reader, story.get_absolute_url()),
        (reader, "/accounts/login/"),
        (reader, "/accounts/password/reset/"),
        (newcomer, "/accounts/2fa/totp/activate/"),  # the QR code to scan
        (newcomer, "/accounts/reauthenticate/"),
        (staff, "/accounts/2fa/"),
        (staff, "/accounts/password/change/"),
        (staff, "/newsroom/budget/"),
        (staff, f"/newsroom/stories/{story.pk}/"),
        (staff, f"/newsroom/stories/{story.pk}/edit/"),
        (staff, "/newsroom/stories/new/"),
        (admin, "/admin/"),
        (admin, "/admin/stories/story/"),
        (admin, f"/admin/stories/story/{story.pk}/change/"),
        (admin, "/admin/desks/desk/add/"),
    ]

    violations = {path: found for tab, path in pages if (found := tab.visit(path).violations)}

    assert violations == {}


def hostile_stories(editor: User) -> list[Story]:
    """Live stories, desks, bylines and tags made of the payloads, five payloads to a story.

    Every payload is in a story's body and in one other field of its story, desk
    or byline; tests/hostile/test_xss.py puts every payload in every field and
    parses each page, so here a sample of contexts per payload is enough.
    """
    stories = []
    for number in range(0, len(XSS_PAYLOADS), 5):
        chunk = (XSS_PAYLOADS[number : number + 5] * 5)[:5]
        desk = DeskFactory(name=chunk[3][:80], slug=f"desk-{number}", description=chunk[4])
        desk.staff.add(editor)
        person = UserFactory(first_name=chunk[0][:150], last_name=chunk[1][:150])
        tags = [TagFactory(name=payload) for payload in chunk if payload in TAG_PAYLOADS]
        stories.append(
            StoryFactory(
                desk=desk,
                status=Status.LIVE,
                published_at=timezone.now() - datetime.timedelta(minutes=number),
                headline=chunk[0][:200],
                summary=chunk[1],
                location_name=chunk[2][:200],
                body="<p>".join(chunk),  # cleaned by nh3 on save, as every body is
                bylines=[person],
                tags=tags[:1],
            )
        )
    return stories


def test_no_xss_payload_runs_in_the_browser(
    browser: Browser, live_server: LiveServer, editor: User, newsroom_admin: User
) -> None:
    stories = hostile_stories(editor)
    reader = Tab(browser, live_server, None)
    staff = Tab(browser, live_server, editor)
    admin = Tab(browser, live_server, newsroom_admin)
    pages = [(reader, "/"), (staff, "/"), (staff, "/newsroom/budget/"), (admin, "/admin/")]
    pages += [(admin, "/admin/stories/story/"), (admin, "/admin/accounts/user/")]
    for story in stories:
        pages += [(reader, story.get_absolute_url()), (reader, f"/desks/{story.desk.slug}/")]
        pages += [(staff, f"/newsroom/stories/{story.pk}/edit/")]

    ran = {}
    for tab, path in pages:
        seen = tab.visit(path)
        if seen.dialogs or seen.xss or seen.violations:
            ran[path] = (seen.dialogs, seen.xss, seen.violations)
    in_the_docs = reader.try_in_swagger_ui("/api/v1/stories/")

    assert ran == {}
    assert (in_the_docs.dialogs, in_the_docs.xss, in_the_docs.violations) == ([], False, [])
    assert len(stories) * 5 >= len(XSS_PAYLOADS)
