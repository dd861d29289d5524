"""The browser every e2e test drives: Debian's chromium, headless, through Playwright.

The browser runs with no sandbox (we may be root) and with Chromium's
background network traffic switched off: this machine reaches nothing but
loopback.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import Browser, expect, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
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
