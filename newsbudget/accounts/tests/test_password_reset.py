"""A forgotten password is reset through an emailed link, and the new one must pass the policy."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from newsbudget.accounts.models import User
from newsbudget.accounts.tests.helpers import SECOND_STEP, enter_password, sign_in
from tests.factories import PASSWORD, totp_code

RESET = "/accounts/password/reset/"
NEW = "tram-harbour-ledger-42"


def reset_link(client: Client, email: str) -> str:
    """Ask for a reset and follow the emailed link to the new-password form; returns its URL."""
    client.post(RESET, {"email": email})
    [message] = mail.outbox
    link = re.search(r"https?://testserver(/accounts/password/reset/key/\S+/)", message.body)
    assert link, message.body
    # The link's key is swapped for a session-bound URL on the first visit.
    return str(client.get(link[1])["Location"])


def test_it_emails_a_reset_link(client: Client, reporter: User) -> None:
    response = client.post(RESET, {"email": reporter.email})

    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == [reporter.email]
    assert "/accounts/password/reset/key/" in message.body


def test_it_sends_nothing_for_an_unknown_address_and_says_the_same(
    client: Client, db: None
) -> None:
    response = client.post(RESET, {"email": "nobody@newsroom.test"})

    assert response.status_code == 302
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("iseedeadpeople", "appeared in a data breach"),
        ("Tram-ledger", "too short. It must contain at least 12 characters"),
        ("password1234", "too common"),
    ],
)
def test_the_new_password_must_pass_the_policy(
    client: Client, reporter: User, password: str, message: str
) -> None:
    form = reset_link(client, reporter.email)

    response = client.post(form, {"password1": password, "password2": password})

    assert response.status_code == 200
    assert message in response.content.decode()
    reporter.refresh_from_db()
    assert not reporter.check_password(password)


def test_after_a_reset_signing_in_still_needs_the_code(client: Client, reporter: User) -> None:
    form = reset_link(client, reporter.email)

    response = client.post(form, {"password1": NEW, "password2": NEW})

    assert response.status_code == 302
    fresh = Client()
    assert enter_password(fresh, "reporter", NEW)["Location"] == SECOND_STEP
    assert fresh.post(SECOND_STEP, {"code": totp_code(reporter)}).status_code == 302


def test_changing_a_password_applies_the_policy_too(client: Client, reporter: User) -> None:
    sign_in(client, reporter)

    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": "iseedeadpeople", "password2": "iseedeadpeople"},
    )

    assert response.status_code == 200
    assert "appeared in a data breach" in response.content.decode()
