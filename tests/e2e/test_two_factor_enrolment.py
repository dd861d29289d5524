"""A new staff member signs in, is sent to set up an authenticator app, and reaches the budget.

The browser reads the secret the enrolment page shows (as a person would type
it into their app), computes the app's code from it, and then keeps the
recovery codes the site hands out.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from newsbudget.accounts.roles import EDITOR
from newsbudget.desks.models import Desk
from tests.factories import PASSWORD, current_totp_code, staff_member

pytestmark = pytest.mark.browser


@pytest.mark.usefixtures("transactional_db")
def test_a_new_editor_enrols_in_2fa_before_reaching_the_budget(
    live_server: LiveServer, browser: Browser, desk: Desk
) -> None:
    newcomer = staff_member(EDITOR, desk, username="newcomer", totp=False)
    page = browser.new_context().new_page()

    page.goto(f"{live_server.url}/newsroom/budget/")
    page.locator("input[name=login]").fill("newcomer")
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/$"))
    expect(page.locator("figure.totp-qr svg")).to_be_visible()
    secret = page.locator("#authenticator_secret").input_value()
    page.locator("input[name=code]").fill(current_totp_code(secret))
    page.get_by_role("button", name="Activate").click()

    expect(page).to_have_url(re.compile(r"/accounts/2fa/recovery-codes/$"))
    codes = page.locator("#recovery_codes").inner_text().split()
    assert len(codes) == 10
    assert all(re.fullmatch(r"\d{8}", code) for code in codes)
    page.get_by_role("link", name="Continue to the newsroom").click()

    expect(page).to_have_url(re.compile(r"/newsroom/budget/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Budget")
    newcomer.refresh_from_db()
    assert newcomer.has_2fa
