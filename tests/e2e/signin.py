"""Sign an enrolled staff member in through the real pages in the browser: password, then TOTP."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from newsbudget.accounts.models import User
from tests.factories import PASSWORD, totp_code


def sign_in(page: Page, site: str, user: User) -> None:
    """Leave ``page`` signed in as ``user`` (who has an authenticator), on the budget."""
    page.goto(f"{site}/accounts/login/")
    page.locator("input[name=login]").fill(user.username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    page.locator("input[name=code]").fill(totp_code(user))
    page.locator("input[name=code]").press("Enter")
    expect(page).to_have_url(re.compile(r"/newsroom/budget/"))
