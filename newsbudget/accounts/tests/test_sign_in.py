"""Staff sign in with a password, then a code from their authenticator app or a recovery code."""

from __future__ import annotations

from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.contrib.auth import SESSION_KEY
from django.test import Client

from newsbudget.accounts.models import User
from newsbudget.accounts.tests.helpers import (
    BUDGET,
    LOGIN,
    SECOND_STEP,
    enter_password,
    sign_in,
)
from tests.factories import totp_code


def test_it_asks_for_a_code_after_the_password_and_signs_in_with_it(
    client: Client, reporter: User
) -> None:
    response = enter_password(client, "reporter")

    assert response["Location"] == SECOND_STEP
    assert SESSION_KEY not in client.session  # not signed in on the password alone
    assert client.get(BUDGET)["Location"].startswith(LOGIN)

    response = client.post(SECOND_STEP, {"code": totp_code(reporter)})

    assert response["Location"] == BUDGET
    assert client.get(BUDGET).status_code == 200


def test_it_refuses_a_wrong_code_and_stays_signed_out(client: Client, reporter: User) -> None:
    enter_password(client, "reporter")
    wrong = f"{(int(totp_code(reporter)) + 1) % 1_000_000:06d}"

    response = client.post(SECOND_STEP, {"code": wrong})

    assert response.status_code == 200
    assert "Incorrect code" in response.content.decode()
    assert client.get(BUDGET)["Location"].startswith(LOGIN)


def test_a_code_works_only_once(reporter: User) -> None:
    first, second = Client(), Client()
    code = totp_code(reporter)
    enter_password(first, "reporter")
    enter_password(second, "reporter")

    assert first.post(SECOND_STEP, {"code": code}).status_code == 302
    assert second.post(SECOND_STEP, {"code": code}).status_code == 200  # replayed: refused


def test_a_recovery_code_signs_in_once(reporter: User) -> None:
    code = RecoveryCodes.activate(reporter).get_unused_codes()[0]
    first, second = Client(), Client()

    enter_password(first, "reporter")
    assert first.post(SECOND_STEP, {"code": code})["Location"] == BUDGET
    enter_password(second, "reporter")
    response = second.post(SECOND_STEP, {"code": code})

    assert response.status_code == 200
    assert "Incorrect code" in response.content.decode()


def test_a_wrong_password_says_so_without_asking_for_a_code(client: Client, reporter: User) -> None:
    response = enter_password(client, "reporter", "not-the-password")

    assert response.status_code == 200
    assert "not correct" in response.content.decode()


def test_usernames_are_not_case_sensitive(client: Client, reporter: User) -> None:
    assert enter_password(client, "Reporter")["Location"] == SECOND_STEP


def test_signing_out_ends_the_session(client: Client, reporter: User) -> None:
    sign_in(client, reporter)

    client.post("/accounts/logout/")

    assert client.get(BUDGET)["Location"].startswith(LOGIN)
