"""Token and session requests bypass the API's page cache: private answers, never shared."""

from __future__ import annotations

import pytest
from django.http import HttpResponseBase
from django.test import Client
from rest_framework.test import APIClient

from newsbudget.accounts.models import User
from newsbudget.api.tests.helpers import LIST_URL, SignIn, story_url
from newsbudget.desks.models import Desk
from newsbudget.stories.models import Status, Story
from tests.factories import StoryFactory

DESKS_URL = "/api/v1/desks/"


@pytest.fixture
def live(desk: Desk) -> Story:
    return StoryFactory(desk=desk, status=Status.LIVE, headline="Harbour bridge reopens")


@pytest.fixture
def draft(desk: Desk) -> Story:
    return StoryFactory(desk=desk, status=Status.DRAFT, headline="Secret scoop")


@pytest.fixture
def session(editor: User) -> Client:
    browser = Client()
    browser.force_login(editor)
    return browser


def assert_private(response: HttpResponseBase) -> None:
    assert response["X-App-Cache"] == "bypass"
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives
    assert "public" not in directives
    assert "ETag" not in response


def test_a_token_request_is_private_and_never_stored(
    sign_in: SignIn, editor: User, api: APIClient, live: Story, draft: Story
) -> None:
    staff = sign_in(editor)
    for url in [LIST_URL, story_url(live), DESKS_URL]:
        for _ in range(2):
            assert_private(staff.get(url))

    anonymous = api.get(LIST_URL)
    assert anonymous["X-App-Cache"] == "miss"
    assert [story["headline"] for story in anonymous.json()["results"]] == [live.headline]


def test_a_session_request_is_private_and_never_stored(
    session: Client, api: APIClient, live: Story, draft: Story
) -> None:
    for url in [LIST_URL, story_url(live), DESKS_URL]:
        for _ in range(2):
            assert_private(session.get(url))

    anonymous = api.get(LIST_URL)
    assert anonymous["X-App-Cache"] == "miss"
    assert b"Secret scoop" not in anonymous.content


def test_staff_are_never_served_the_anonymous_copy(
    sign_in: SignIn, editor: User, session: Client, api: APIClient, live: Story, draft: Story
) -> None:
    api.get(LIST_URL)
    assert api.get(LIST_URL)["X-App-Cache"] == "hit"

    for staff in (sign_in(editor), session):
        response = staff.get(LIST_URL)
        assert_private(response)
        assert {story["headline"] for story in response.json()["results"]} == {
            live.headline,
            draft.headline,
        }


def test_a_draft_seen_by_staff_stays_hidden_from_everyone_else(
    sign_in: SignIn, editor: User, api: APIClient, draft: Story
) -> None:
    assert sign_in(editor).get(story_url(draft)).status_code == 200

    response = api.get(story_url(draft))

    assert response.status_code == 404
    assert "no-store" in response["Cache-Control"]


def test_a_bad_token_is_refused_privately(api: APIClient, live: Story) -> None:
    api.get(LIST_URL)

    response = api.get(LIST_URL, HTTP_AUTHORIZATION="Token not-a-real-key")

    assert response.status_code == 401
    assert_private(response)
