"""Authentication: a token header or a session cookie (with CSRF), and 401s that say how."""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from newsbudget.accounts.models import User
from newsbudget.api.tests.helpers import LIST_URL, SignIn, error_of
from newsbudget.desks.models import Desk
from newsbudget.stories.models import Status, Story
from tests.factories import StoryFactory

NEW_STORY = {"desk": "news", "headline": "Council votes", "budget_date": "2026-03-02"}


def test_it_reads_the_public_list_without_credentials(api: APIClient, desk: Desk) -> None:
    StoryFactory(desk=desk, status=Status.LIVE)

    assert api.get(LIST_URL).status_code == 200


def test_it_authenticates_a_token_header(sign_in: SignIn, desk: Desk, reporter: User) -> None:
    response = sign_in(reporter).post(LIST_URL, NEW_STORY, format="json")

    assert response.status_code == 201
    assert Story.objects.get().created_by == reporter


@pytest.mark.parametrize(
    "header",
    ["Token not-a-real-key", "Token", "Token a b", "Token \u00ff\u00fe", "Token " + "\u0000" * 40],
)
def test_it_refuses_a_bad_token_even_for_reading(api: APIClient, desk: Desk, header: str) -> None:
    response = api.get(LIST_URL, HTTP_AUTHORIZATION=header)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert error_of(response)["code"] == "authentication_failed"


def test_it_refuses_the_token_of_a_deactivated_account(
    api: APIClient, desk: Desk, reporter: User
) -> None:
    token = Token.objects.create(user=reporter)
    reporter.is_active = False
    reporter.save()

    response = api.get(LIST_URL, HTTP_AUTHORIZATION=f"Token {token.key}")

    assert response.status_code == 401
    assert error_of(response)["message"] == "User inactive or deleted."


def test_it_asks_for_a_token_when_a_write_comes_without_credentials(
    api: APIClient, desk: Desk
) -> None:
    response = api.post(LIST_URL, NEW_STORY, format="json")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert error_of(response) == {
        "status": 401,
        "code": "not_authenticated",
        "message": "Authentication credentials were not provided.",
    }


def test_it_accepts_a_signed_in_session_for_reading_drafts(desk: Desk, reporter: User) -> None:
    StoryFactory(desk=desk, status=Status.DRAFT, headline="Draft in progress")
    browser = Client()
    browser.force_login(reporter)

    response = browser.get(LIST_URL)

    assert [story["headline"] for story in response.json()["results"]] == ["Draft in progress"]


def test_it_refuses_a_session_write_without_the_csrf_token(desk: Desk, reporter: User) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(reporter)

    response = browser.post(LIST_URL, NEW_STORY, content_type="application/json")

    assert response.status_code == 403
    error = error_of(response)
    assert error["code"] == "permission_denied"
    assert error["message"].startswith("CSRF Failed")
    assert not Story.objects.exists()


def test_it_accepts_a_session_write_with_the_csrf_token(desk: Desk, reporter: User) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(reporter)
    browser.get("/api/v1/docs/")  # any page that sets the CSRF cookie
    csrf_token = browser.cookies["csrftoken"].value

    response = browser.post(
        LIST_URL, NEW_STORY, content_type="application/json", HTTP_X_CSRFTOKEN=csrf_token
    )

    assert response.status_code == 201
