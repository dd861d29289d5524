"""Signing in through the real allauth pages, as a browser would."""

from __future__ import annotations

from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from newsbudget.accounts.models import User
from tests.factories import PASSWORD, totp_code

LOGIN = reverse("account_login")
SECOND_STEP = reverse("mfa_authenticate")
ENROL = reverse("mfa_activate_totp")
BUDGET = "/newsroom/budget/"


def enter_password(browser: Client, username: str, password: str = PASSWORD) -> HttpResponse:
    """POST the sign-in form; returns the response."""
    return browser.post(LOGIN, {"login": username, "password": password})  # type: ignore[no-any-return]


def sign_in(browser: Client, user: User) -> None:
    """Password, then the current TOTP code: a fully signed-in session."""
    assert enter_password(browser, user.username)["Location"] == SECOND_STEP
    response = browser.post(SECOND_STEP, {"code": totp_code(user)})
    assert response.status_code == 302, response.content
