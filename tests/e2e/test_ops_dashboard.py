"""An editor opens the ops dashboard in a real browser and sees charts drawn from real traffic.

The last hour is history (rollups of earlier minutes, as the scheduler would
have written them) plus this minute's real requests to the live server,
rolled up by the same job the scheduler runs.  The page must render every
chart with lines in it and break no Content-Security-Policy rule; a
screenshot is taken (set OPS_DASHBOARD_SCREENSHOT to keep it somewhere).
"""

from __future__ import annotations

import datetime
import os
import re
import shutil
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, expect
from pytest_django.live_server_helper import LiveServer

from newsbudget.accounts.models import User
from ops.dashboard.latency import bucket_counts
from ops.dashboard.models import MinuteRollup
from ops.dashboard.rollup import roll_up
from tests.e2e.signin import sign_in

pytestmark = pytest.mark.browser


def history(now: datetime.datetime) -> None:
    """Rollups for the hour before this minute: a morning peak, a short incident, a backlog."""
    this_minute = now.replace(second=0, microsecond=0)
    for back in range(1, 60):
        incident = 20 <= back <= 24
        requests = 300 + 4 * (60 - back) + (150 if incident else 0)
        MinuteRollup.objects.create(
            minute=this_minute - datetime.timedelta(minutes=back),
            requests=requests,
            server_errors=12 if incident else back % 7 == 0,
            client_errors=requests // 25,
            duration_ms_total=requests * 20.0,
            latency_buckets=bucket_counts(
                [4] * 50 + [18] * 30 + [60] * 15 + ([900] * 5 if incident else [180] * 5)
            ),
            cache_hits=70 + back % 10,
            cache_misses=30,
            queue_ready=(8 if incident else back % 3),
            queue_lag_seconds=(45.0 if incident else float(back % 4)),
            routes={
                "site:story": [requests - 60, requests * 12.0],
                "site:home": [40, 40 * 35.0],
                "api:story-list": [20, 20 * 60.0],
            },
        )


def browse(url: str) -> None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            response.read()
    except urllib.error.HTTPError:
        pass  # a 404 is traffic too


@pytest.mark.usefixtures("transactional_db")
def test_an_editor_sees_the_dashboard_with_data(
    live_server: LiveServer, browser: Browser, editor: User, tmp_path: Path
) -> None:
    now = datetime.datetime.now(datetime.UTC)
    history(now)
    for path in ["/", "/robots.txt", "/sitemap.xml", "/no/such/page/"] * 5:
        browse(f"{live_server.url}{path}")
    roll_up(now=now + datetime.timedelta(minutes=1))

    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if isinstance(message, ConsoleMessage) and "Content Security Policy" in message.text
            else None
        ),
    )
    sign_in(page, live_server.url, editor)

    page.get_by_role("link", name="Ops").click()
    expect(page.get_by_role("heading", name="Ops dashboard")).to_be_visible()
    expect(page.locator("figure.chart svg")).to_have_count(6)
    for chart in page.locator("figure.chart svg").all():
        assert chart.locator("polyline").count() >= 1, chart.inner_html()[:500]
    expect(page.locator("table.top-routes")).to_contain_text("site:story")
    # 60 minutes were written; if the clock passed a minute boundary since, the hour the page
    # shows starts a minute later and the oldest one is out of it.
    expect(page.locator("p.meta").first).to_contain_text(re.compile(r"\b(59|60) minutes measured"))

    screenshot = tmp_path / "ops-dashboard.png"
    page.screenshot(path=str(screenshot), full_page=True)
    assert screenshot.stat().st_size > 30_000, "the screenshot looks empty"
    if keep := os.environ.get("OPS_DASHBOARD_SCREENSHOT"):
        shutil.copy(screenshot, keep)
    assert violations == []

    page.get_by_role("link", name="Last week").click()
    expect(page).to_have_url(re.compile(r"range=week"))
    expect(page.locator("figure.chart svg")).to_have_count(6)
