"""Nobody signs up: newsroom accounts are created by admins, and only admins change addresses."""

from __future__ import annotations

from django.test import Client

from newsbudget.accounts.models import User
from newsbudget.accounts.tests.helpers import sign_in


def test_the_signup_page_is_forbidden(client: Client, db: None) -> None:
    response = client.get("/accounts/signup/")

    assert response.status_code == 403
    assert "created by newsroom admins" in response.content.decode()


def test_a_signup_post_creates_no_account(client: Client, db: None) -> None:
    response = client.post(
        "/accounts/signup/",
        {
            "username": "intruder",
            "email": "intruder@example.org",
            "password1": "tram-harbour-ledger-42",
            "password2": "tram-harbour-ledger-42",
        },
    )

    assert response.status_code == 403
    assert not User.objects.filter(username="intruder").exists()


def test_the_login_page_offers_no_signup(client: Client, db: None) -> None:
    page = client.get("/accounts/login/").content.decode()

    assert "/accounts/signup/" not in page
    assert "Forgot your password?" in page


def test_staff_cannot_add_email_addresses_themselves(client: Client, reporter: User) -> None:
    sign_in(client, reporter)

    assert client.get("/accounts/email/").status_code == 404
    assert client.post("/accounts/email/", {"email": "me@attacker.test"}).status_code == 404
