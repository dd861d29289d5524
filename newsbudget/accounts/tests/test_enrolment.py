"""A signed-in account without an authenticator app is sent to enrol before anything else."""

from __future__ import annotations

import re

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from rest_framework.authtoken.models import Token

from newsbudget.accounts.models import User
from newsbudget.accounts.roles import EDITOR, REPORTER
from newsbudget.accounts.tests.helpers import BUDGET, ENROL, enter_password, sign_in
from newsbudget.desks.models import Desk
from newsbudget.stories.models import Story
from tests.factories import current_totp_code, staff_member


@pytest.fixture
def newcomer(desk: Desk) -> User:
    """An editor whose account an admin just created: no authenticator app yet."""
    return staff_member(EDITOR, desk, username="newcomer", totp=False)


def test_the_factories_enrol_staff_unless_told_not_to(reporter: User, newcomer: User) -> None:
    assert reporter.has_2fa
    assert Authenticator.objects.filter(user=reporter, type="totp").exists()
    assert not newcomer.has_2fa
    assert not Authenticator.objects.filter(user=newcomer).exists()


def test_signing_in_without_an_app_needs_only_the_password_then_enrolment(
    client: Client, newcomer: User
) -> None:
    response = enter_password(client, "newcomer")

    assert response["Location"] == BUDGET
    assert client.get(BUDGET)["Location"] == ENROL


@pytest.mark.parametrize(
    "url", [BUDGET, "/", "/newsroom/stories/new/", "/admin/", "/accounts/password/change/"]
)
def test_every_page_that_knows_who_you_are_sends_you_to_enrol(
    client: Client, newcomer: User, url: str
) -> None:
    client.force_login(newcomer)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == ENROL


def test_a_session_without_2fa_acts_as_nobody(client: Client, newcomer: User, desk: Desk) -> None:
    client.force_login(newcomer)

    response = client.post("/newsroom/stories/new/", {"headline": "Sneaky", "desk": desk.pk})

    assert response["Location"] == ENROL
    assert not Story.objects.filter(headline="Sneaky").exists()


def test_the_api_answers_a_session_without_2fa_with_a_json_403(
    client: Client, newcomer: User
) -> None:
    client.force_login(newcomer)

    response = client.get("/api/v1/stories/?status=draft")

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "two_factor_required"


def test_an_api_token_is_a_separate_credential_and_still_works(newcomer: User) -> None:
    token = Token.objects.create(user=newcomer)

    response = Client().get("/api/v1/stories/", HTTP_AUTHORIZATION=f"Token {token.key}")

    assert response.status_code == 200


def test_it_enrols_with_a_code_for_the_secret_shown_then_gives_recovery_codes(
    client: Client, newcomer: User
) -> None:
    enter_password(client, "newcomer")
    page = client.get(ENROL).content.decode()
    secret = re.search(r'id="authenticator_secret" type="text" value="([A-Z2-7]+)"', page)
    assert secret, page
    assert "<svg" in page  # the QR code, inline

    response = client.post(ENROL, {"code": current_totp_code(secret[1])})

    assert response["Location"] == "/accounts/2fa/recovery-codes/"
    codes_page = client.get(response["Location"]).content.decode()
    codes = re.search(r'<pre id="recovery_codes"[^>]*>([\d\s]+)</pre>', codes_page)
    assert codes, codes_page
    assert len(codes[1].split()) == 10
    assert client.get(BUDGET).status_code == 200
    newcomer.refresh_from_db()
    assert newcomer.has_2fa


def test_a_wrong_code_does_not_enrol(client: Client, newcomer: User) -> None:
    enter_password(client, "newcomer")
    client.get(ENROL)

    response = client.post(ENROL, {"code": "000000"})

    assert response.status_code == 200
    assert "Incorrect code" in response.content.decode()
    newcomer.refresh_from_db()
    assert not newcomer.has_2fa
    assert client.get(BUDGET)["Location"] == ENROL


def test_staff_cannot_switch_off_their_authenticator_app(client: Client, reporter: User) -> None:
    sign_in(client, reporter)

    response = client.post("/accounts/2fa/totp/deactivate/")

    assert response.status_code == 200
    assert "cannot deactivate" in response.content.decode()
    reporter.refresh_from_db()
    assert reporter.has_2fa
    assert Authenticator.objects.filter(user=reporter, type="totp").exists()


def test_the_flag_follows_the_authenticator_however_it_is_removed(desk: Desk) -> None:
    user = staff_member(REPORTER, desk, username="flagged")
    assert User.objects.get(pk=user.pk).has_2fa

    Authenticator.objects.filter(user=user).delete()  # e.g. from the admin's changelist

    assert not User.objects.get(pk=user.pk).has_2fa
