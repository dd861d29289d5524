"""Repeated failed passwords lock a username for the network they came from, until an admin
unlocks it or the cool-off ends; nobody else, and nowhere else, is locked out."""

from __future__ import annotations

import datetime

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client
from pytest_django.fixtures import Settings

from newsbudget.accounts.models import User
from newsbudget.accounts.tests.helpers import LOGIN, SECOND_STEP
from ops.throttle.events import counts, utc_today
from tests.factories import PASSWORD, totp_code

OFFICE, ATTACKER = "198.51.100.7", "203.0.113.66"


def try_password(username: str, password: str, address: str = ATTACKER) -> int:
    response = Client(REMOTE_ADDR=address).post(LOGIN, {"login": username, "password": password})
    return int(response.status_code)


def fail(times: int, username: str = "reporter", address: str = ATTACKER) -> list[int]:
    return [try_password(username, "wrong-guess", address) for _ in range(times)]


def test_the_fifth_failure_locks_the_username_for_that_network(reporter: User) -> None:
    assert fail(5) == [200, 200, 200, 200, 429]

    response = Client(REMOTE_ADDR=ATTACKER).post(LOGIN, {"login": "reporter", "password": PASSWORD})

    assert response.status_code == 429
    assert response["Retry-After"] == "900"
    assert "Try again in 15 minutes" in response.content.decode()
    assert "ask a newsroom admin to unlock" in response.content.decode()


def test_the_reporter_still_signs_in_from_their_own_network(reporter: User) -> None:
    fail(10)

    assert try_password("reporter", PASSWORD, OFFICE) == 302


def test_other_usernames_from_the_locked_network_are_not_locked(
    reporter: User, editor: User
) -> None:
    fail(5)

    assert try_password("editor", PASSWORD) == 302


def test_changing_the_case_of_the_username_does_not_buy_more_guesses(reporter: User) -> None:
    for username in ["reporter", "Reporter", "REPORTER", "rePorter"]:
        try_password(username, "wrong-guess")

    assert try_password("REPorter", "wrong-guess") == 429


def test_a_whole_ipv6_64_counts_as_one_network(reporter: User) -> None:
    for host in range(1, 6):
        try_password("reporter", "wrong-guess", f"2001:db8:1:2::{host}")

    assert try_password("reporter", PASSWORD, "2001:db8:1:2:ffff::9") == 429
    assert try_password("reporter", PASSWORD, "2001:db8:1:3::1") == 302


def test_a_completed_sign_in_clears_the_count(reporter: User) -> None:
    fail(4)
    browser = Client(REMOTE_ADDR=ATTACKER)
    browser.post(LOGIN, {"login": "reporter", "password": PASSWORD})
    assert browser.post(SECOND_STEP, {"code": totp_code(reporter)}).status_code == 302

    assert fail(4) == [200] * 4


def test_the_right_password_alone_does_not_clear_the_count(reporter: User) -> None:
    fail(4)
    assert try_password("reporter", PASSWORD) == 302  # on to the code step, not signed in

    assert fail(1) == [429]


def test_the_limit_and_the_cool_off_are_settings(reporter: User, settings: Settings) -> None:
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=1)

    assert fail(2) == [200, 429]
    assert (
        "Try again in 1 minute,"
        in Client(REMOTE_ADDR=ATTACKER)
        .post(LOGIN, {"login": "reporter", "password": PASSWORD})
        .content.decode()
    )


def test_the_lockout_ends_after_the_cool_off(reporter: User) -> None:
    fail(5)
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - datetime.timedelta(minutes=16)
    )

    assert try_password("reporter", PASSWORD) == 302


def test_the_lockout_is_logged_and_counted(
    reporter: User, caplog: pytest.LogCaptureFixture
) -> None:
    fail(5)

    assert counts(utc_today())["login-locked"] == 1
    assert any("login-locked" in record.getMessage() for record in caplog.records)


def test_an_admin_unlocks_with_the_axes_command(reporter: User) -> None:
    fail(5)

    call_command("axes_reset_username", "reporter", verbosity=0)

    assert try_password("reporter", PASSWORD) == 302


def test_an_admin_unlocks_from_the_user_list(reporter: User, newsroom_admin: User) -> None:
    fail(5)
    admin = Client(REMOTE_ADDR=OFFICE)
    admin.force_login(newsroom_admin)

    response = admin.post(
        "/admin/accounts/user/", {"action": "unlock_sign_in", "_selected_action": [reporter.pk]}
    )

    assert response.status_code == 302
    assert try_password("reporter", PASSWORD) == 302


def test_an_admin_sees_and_deletes_the_lockout_in_the_admin(
    reporter: User, newsroom_admin: User
) -> None:
    fail(5)
    attempt = AccessAttempt.objects.get()
    admin = Client(REMOTE_ADDR=OFFICE)
    admin.force_login(newsroom_admin)

    listing = admin.get("/admin/axes/accessattempt/?locked_out=yes").content.decode()
    response = admin.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})

    assert ATTACKER in listing
    assert response.status_code == 302
    assert try_password("reporter", PASSWORD) == 302


def test_a_correct_password_then_wrong_codes_are_limited_per_account(reporter: User) -> None:
    browser = Client(REMOTE_ADDR=ATTACKER)
    browser.post(LOGIN, {"login": "reporter", "password": PASSWORD})

    answers = [browser.post(SECOND_STEP, {"code": "000000"}) for _ in range(6)]

    assert "Too many failed" in answers[-1].content.decode()
