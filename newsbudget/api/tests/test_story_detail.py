"""GET /api/v1/stories/<id>/: one story in full, to those who may see it."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from newsbudget.accounts.models import User
from newsbudget.api.tests.helpers import SignIn, error_of, story_url
from newsbudget.desks.models import Desk
from newsbudget.stories.models import Status
from tests.factories import StoryFactory, TagFactory, UserFactory


def test_it_shows_a_live_story_in_full(api: APIClient, desk: Desk) -> None:
    story = StoryFactory(
        desk=desk,
        status=Status.LIVE,
        slug="bridge-reopens",
        headline="Bridge reopens after repairs",
        summary="Traffic returns.",
        body="<p>The bridge reopened at <strong>dawn</strong>.</p>",
        bylines=[UserFactory(username="ada", first_name="Ada", last_name="Reyes")],
        tags=[TagFactory(name="Transport"), TagFactory(name="Council")],
        word_count=450,
        location_name="Riverside",
        latitude="51.50000",
        longitude="-0.12000",
    )

    response = api.get(story_url(story))

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == story.pk
    assert body["url"] == "http://testserver/stories/bridge-reopens/"
    assert body["slug"] == "bridge-reopens"
    assert body["headline"] == "Bridge reopens after repairs"
    assert body["summary"] == "Traffic returns."
    assert body["body"] == "<p>The bridge reopened at <strong>dawn</strong>.</p>"
    assert body["status"] == "live"
    assert body["desk"] == {"slug": "news", "name": "News"}
    assert body["bylines"] == [{"username": "ada", "name": "Ada Reyes"}]
    assert body["tags"] == ["Council", "Transport"]
    assert body["budget_date"] == story.budget_date.isoformat()
    assert body["published_at"] is not None
    assert body["publish_at"] is None
    assert body["word_count"] == 450
    assert body["location"] == {"name": "Riverside", "latitude": 51.5, "longitude": -0.12}
    assert body["transitions"] == []
    assert set(body) >= {"created_at", "updated_at"}


def test_it_shows_no_location_for_a_story_without_a_place(api: APIClient, desk: Desk) -> None:
    story = StoryFactory(desk=desk, status=Status.LIVE)

    assert api.get(story_url(story)).json()["location"] is None


@pytest.mark.parametrize("status", [s for s in Status if s != Status.LIVE])
def test_it_hides_unpublished_stories_from_the_public(
    api: APIClient, desk: Desk, status: Status
) -> None:
    story = StoryFactory(desk=desk, status=status)

    response = api.get(story_url(story))

    assert response.status_code == 404
    assert error_of(response) == {
        "status": 404,
        "code": "not_found",
        "message": "No story has that id.",
    }


def test_it_hides_drafts_from_readers_without_newsroom_access(sign_in: SignIn, desk: Desk) -> None:
    story = StoryFactory(desk=desk, status=Status.DRAFT)

    assert sign_in(UserFactory()).get(story_url(story)).status_code == 404


def test_it_shows_a_draft_to_newsroom_staff_without_a_public_url(
    sign_in: SignIn, desk: Desk, other_editor: User
) -> None:
    story = StoryFactory(desk=desk, status=Status.DRAFT)

    response = sign_in(other_editor).get(story_url(story))

    assert response.status_code == 200
    assert response.json()["status"] == "draft"
    assert response.json()["url"] is None


def test_it_lists_the_moves_an_editor_of_the_desk_may_make(
    sign_in: SignIn, desk: Desk, editor: User
) -> None:
    story = StoryFactory(desk=desk, status=Status.EDITED)

    body = sign_in(editor).get(story_url(story)).json()

    assert body["transitions"] == ["return", "schedule", "publish", "spike"]


def test_it_lists_no_moves_for_an_editor_of_another_desk(
    sign_in: SignIn, desk: Desk, other_editor: User
) -> None:
    story = StoryFactory(desk=desk, status=Status.EDITED)

    assert sign_in(other_editor).get(story_url(story)).json()["transitions"] == []


def test_it_lists_filing_for_the_reporter_on_the_byline(
    sign_in: SignIn, desk: Desk, reporter: User
) -> None:
    story = StoryFactory(desk=desk, status=Status.DRAFT, bylines=[reporter])

    assert sign_in(reporter).get(story_url(story)).json()["transitions"] == ["file"]


def test_it_lists_every_move_from_the_status_for_an_admin(
    sign_in: SignIn, desk: Desk, newsroom_admin: User
) -> None:
    story = StoryFactory(desk=desk, status=Status.LIVE)

    assert sign_in(newsroom_admin).get(story_url(story)).json()["transitions"] == [
        "unpublish",
        "archive",
    ]


@pytest.mark.parametrize(
    "story_id", ["abc", "1.5", "-1", "0x10", "99999999999999999999999", "%20", "١"]
)
def test_it_answers_404_for_ids_that_are_not_story_ids(api: APIClient, story_id: str) -> None:
    response = api.get(f"/api/v1/stories/{story_id}/")

    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_it_answers_404_for_a_story_that_does_not_exist(api: APIClient, desk: Desk) -> None:
    story = StoryFactory(desk=desk, status=Status.LIVE)

    assert api.get(story_url(story.pk + 1000)).status_code == 404


def test_it_ignores_list_filters_on_a_single_story(api: APIClient, desk: Desk) -> None:
    story = StoryFactory(desk=desk, status=Status.LIVE)

    assert api.get(story_url(story), {"desk": "sports"}).status_code == 200
