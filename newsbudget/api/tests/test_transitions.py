"""POST /api/v1/stories/<id>/transitions/: moving a story along the workflow."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from newsbudget.accounts.models import User
from newsbudget.api.tests.helpers import SignIn, error_of, transitions_url
from newsbudget.desks.models import Desk
from newsbudget.stories.models import Status, StoryTransition
from tests.factories import StoryFactory, UserFactory


def test_it_lets_an_editor_publish(sign_in: SignIn, desk: Desk, editor: User) -> None:
    story = StoryFactory(desk=desk, status=Status.EDITED, slug="bridge-reopens")

    response = sign_in(editor).post(
        transitions_url(story), {"transition": "publish"}, format="json"
    )

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "live"
    assert body["url"] == "http://testserver/stories/bridge-reopens/"
    assert body["published_at"] is not None
    assert body["transitions"] == ["unpublish", "archive"]
    move = StoryTransition.objects.get(story=story)
    assert (move.name, move.from_status, move.to_status, move.by) == (
        "publish",
        Status.EDITED,
        Status.LIVE,
        editor,
    )


def test_it_lets_the_reporter_on_the_byline_file_their_draft(
    sign_in: SignIn, desk: Desk, reporter: User
) -> None:
    story = StoryFactory(desk=desk, status=Status.DRAFT, bylines=[reporter])

    response = sign_in(reporter).post(transitions_url(story), {"transition": "file"}, format="json")

    assert response.status_code == 200
    assert response.json()["status"] == "edited"


@pytest.mark.parametrize("person", ["reporter", "other_editor", "reader"])
def test_it_refuses_people_the_workflow_does_not_allow(
    sign_in: SignIn, desk: Desk, person: str, request: pytest.FixtureRequest
) -> None:
    user = UserFactory() if person == "reader" else request.getfixturevalue(person)
    story = StoryFactory(desk=desk, status=Status.LIVE)

    response = sign_in(user).post(
        transitions_url(story), {"transition": "unpublish"}, format="json"
    )

    assert response.status_code == 403
    assert error_of(response) == {
        "status": 403,
        "code": "permission_denied",
        "message": "You cannot unpublish this story.",
    }
    story.refresh_from_db()
    assert story.status == Status.LIVE


def test_it_answers_409_for_a_move_the_status_does_not_allow(
    sign_in: SignIn, desk: Desk, editor: User
) -> None:
    story = StoryFactory(desk=desk, status=Status.DRAFT)

    response = sign_in(editor).post(
        transitions_url(story), {"transition": "archive"}, format="json"
    )

    assert response.status_code == 409
    assert error_of(response) == {
        "status": 409,
        "code": "illegal_transition",
        "message": "Cannot archive a story that is draft.",
    }
    story.refresh_from_db()
    assert story.status == Status.DRAFT
    assert not StoryTransition.objects.exists()


def test_it_refuses_to_publish_an_empty_story(sign_in: SignIn, desk: Desk, editor: User) -> None:
    story = StoryFactory(desk=desk, status=Status.EDITED, body="")

    response = sign_in(editor).post(
        transitions_url(story), {"transition": "publish"}, format="json"
    )

    assert response.status_code == 400
    assert error_of(response)["fields"] == {"body": ["Write the story before you publish now."]}
    story.refresh_from_db()
    assert story.status == Status.EDITED


@pytest.mark.parametrize(
    ("payload", "errors"),
    [
        ({"transition": "teleport"}, {"transition": ['"teleport" is not a valid choice.']}),
        ({"transition": ["publish"]}, {"transition": ["\"['publish']\" is not a valid choice."]}),
        ({"transition": None}, {"transition": ["This field may not be null."]}),
        ({}, {"transition": ["This field is required."]}),
        ({"transition": "publish", "force": True}, {"force": ["This field cannot be set."]}),
        (["publish"], {"non_field_errors": ["Invalid data. Expected a dictionary, but got list."]}),
    ],
)
def test_it_refuses_a_request_that_names_no_move(
    sign_in: SignIn, desk: Desk, editor: User, payload: Any, errors: dict[str, list[str]]
) -> None:
    story = StoryFactory(desk=desk, status=Status.EDITED)

    response = sign_in(editor).post(transitions_url(story), payload, format="json")

    assert response.status_code == 400
    assert error_of(response)["fields"] == errors
    story.refresh_from_db()
    assert story.status == Status.EDITED


def test_it_asks_anonymous_clients_to_authenticate(api: APIClient, desk: Desk) -> None:
    story = StoryFactory(desk=desk, status=Status.LIVE)

    response = api.post(transitions_url(story), {"transition": "unpublish"}, format="json")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_it_hides_drafts_from_readers_without_newsroom_access(sign_in: SignIn, desk: Desk) -> None:
    story = StoryFactory(desk=desk, status=Status.DRAFT)

    response = sign_in(UserFactory()).post(
        transitions_url(story), {"transition": "file"}, format="json"
    )

    assert response.status_code == 404
