"""PATCH and PUT /api/v1/stories/<id>/: editing a story, with the staff pages' permissions."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from rest_framework.test import APIClient

from newsbudget.accounts.models import User
from newsbudget.api.tests.helpers import SignIn, error_of, story_url
from newsbudget.desks.models import Desk
from newsbudget.stories.models import Status, Story
from tests.factories import StoryFactory, TagFactory, UserFactory


def draft_by(reporter: User, desk: Desk, **fields: Any) -> Story:
    story: Story = StoryFactory(
        desk=desk, status=Status.DRAFT, bylines=[reporter], headline="Old headline", **fields
    )
    return story


def test_it_lets_the_reporter_on_the_byline_edit_their_draft(
    sign_in: SignIn, desk: Desk, reporter: User
) -> None:
    story = draft_by(reporter, desk)

    response = sign_in(reporter).patch(
        story_url(story), {"headline": "  New headline ", "word_count": 800}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["headline"] == "New headline"
    assert response.json()["word_count"] == 800
    story.refresh_from_db()
    assert (story.headline, story.word_count) == ("New headline", 800)


def test_it_lets_an_editor_of_the_desk_edit_any_story(
    sign_in: SignIn, desk: Desk, editor: User, reporter: User
) -> None:
    story = StoryFactory(desk=desk, status=Status.SCHEDULED, bylines=[reporter])

    response = sign_in(editor).patch(story_url(story), {"summary": "Tighter."}, format="json")

    assert response.status_code == 200
    assert response.json()["summary"] == "Tighter."


def test_it_lets_an_admin_edit_on_any_desk(
    sign_in: SignIn, desk: Desk, newsroom_admin: User
) -> None:
    story = StoryFactory(desk=desk, status=Status.LIVE)

    response = sign_in(newsroom_admin).patch(story_url(story), {"summary": "Fixed."}, format="json")

    assert response.status_code == 200


def test_it_replaces_tags_bylines_and_location(
    sign_in: SignIn, desk: Desk, editor: User, reporter: User
) -> None:
    story = draft_by(reporter, desk, tags=[TagFactory(name="Old")], location_name="Dock",
                     latitude="1.00000", longitude="2.00000")  # fmt: skip

    response = sign_in(editor).patch(
        story_url(story),
        {"tags": ["Fresh"], "bylines": ["editor"], "location": {"name": "Harbour"}},
        format="json",
    )

    body = response.json()
    assert body["tags"] == ["Fresh"]
    assert body["bylines"] == [{"username": "editor", "name": editor.byline}]
    assert body["location"] == {"name": "Harbour", "latitude": None, "longitude": None}


def test_it_clears_the_location_with_null(sign_in: SignIn, desk: Desk, reporter: User) -> None:
    story = draft_by(reporter, desk, location_name="Dock", latitude="1.00000", longitude="2.00000")

    response = sign_in(reporter).patch(story_url(story), {"location": None}, format="json")

    assert response.json()["location"] is None
    story.refresh_from_db()
    assert (story.location_name, story.latitude, story.longitude) == ("", None, None)


def test_it_replaces_the_story_with_put(sign_in: SignIn, desk: Desk, reporter: User) -> None:
    story = draft_by(reporter, desk, summary="Kept")

    response = sign_in(reporter).put(
        story_url(story),
        {"desk": "news", "headline": "Put headline", "budget_date": "2026-04-01"},
        format="json",
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["headline"], body["budget_date"], body["summary"]) == (
        "Put headline",
        "2026-04-01",
        "Kept",
    )


def test_it_requires_the_core_fields_with_put(sign_in: SignIn, desk: Desk, reporter: User) -> None:
    story = draft_by(reporter, desk)

    response = sign_in(reporter).put(story_url(story), {"headline": "Only this"}, format="json")

    assert response.status_code == 400
    assert error_of(response)["fields"] == {
        "desk": ["This field is required."],
        "budget_date": ["This field is required."],
    }
    story.refresh_from_db()
    assert story.headline == "Old headline"


def test_it_asks_anonymous_clients_to_authenticate(api: APIClient, desk: Desk) -> None:
    story = StoryFactory(desk=desk, status=Status.LIVE, headline="Old headline")

    response = api.patch(story_url(story), {"headline": "Vandalised"}, format="json")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    story.refresh_from_db()
    assert story.headline == "Old headline"


def test_it_refuses_a_reporter_who_is_not_on_the_byline(
    sign_in: SignIn, desk: Desk, reporter: User
) -> None:
    story = draft_by(UserFactory(), desk)

    response = sign_in(reporter).patch(story_url(story), {"headline": "Mine now"}, format="json")

    assert response.status_code == 403
    assert error_of(response) == {
        "status": 403,
        "code": "permission_denied",
        "message": "You cannot edit this story.",
    }


def test_it_refuses_a_reporter_once_the_story_is_scheduled(
    sign_in: SignIn, desk: Desk, reporter: User
) -> None:
    story = StoryFactory(desk=desk, status=Status.SCHEDULED, bylines=[reporter])

    response = sign_in(reporter).patch(story_url(story), {"headline": "Late"}, format="json")

    assert response.status_code == 403


def test_it_refuses_an_editor_of_another_desk(
    sign_in: SignIn, desk: Desk, other_editor: User
) -> None:
    story = StoryFactory(desk=desk, status=Status.EDITED, headline="Old headline")

    response = sign_in(other_editor).patch(story_url(story), {"headline": "Ours"}, format="json")

    assert response.status_code == 403
    story.refresh_from_db()
    assert story.headline == "Old headline"


def test_it_refuses_to_move_a_story_to_a_desk_the_editor_does_not_work(
    sign_in: SignIn, desk: Desk, other_desk: Desk, editor: User
) -> None:
    story = StoryFactory(desk=desk, status=Status.EDITED)

    response = sign_in(editor).patch(story_url(story), {"desk": "sports"}, format="json")

    assert response.status_code == 403
    assert error_of(response)["message"] == "You cannot move stories to the Sports desk."
    story.refresh_from_db()
    assert story.desk == desk


def test_it_hides_drafts_from_readers_without_newsroom_access(sign_in: SignIn, desk: Desk) -> None:
    story = StoryFactory(desk=desk, status=Status.DRAFT)

    response = sign_in(UserFactory()).patch(story_url(story), {"headline": "x"}, format="json")

    assert response.status_code == 404


def test_it_refuses_a_reader_editing_a_live_story(sign_in: SignIn, desk: Desk) -> None:
    story = StoryFactory(desk=desk, status=Status.LIVE)

    response = sign_in(UserFactory()).patch(story_url(story), {"headline": "x"}, format="json")

    assert response.status_code == 403


@pytest.mark.parametrize(
    ("change", "errors"),
    [
        ({"headline": ""}, {"headline": ["This field may not be blank."]}),
        ({"budget_date": "2026-13-01"}, {"budget_date": ["Give a real date as YYYY-MM-DD."]}),
        ({"bylines": []}, {"bylines": ["A story needs at least one byline."]}),
        ({"location": {"longitude": 10}},
         {"location": ["Give both latitude and longitude, or neither."]}),
        ({"id": 5, "slug": "new-slug"},
         {"id": ["This field cannot be set."], "slug": ["This field cannot be set."]}),
    ],
)  # fmt: skip
def test_it_refuses_invalid_changes_and_keeps_the_story(
    sign_in: SignIn,
    desk: Desk,
    reporter: User,
    change: dict[str, Any],
    errors: dict[str, list[str]],
) -> None:
    story = draft_by(reporter, desk)
    before = (story.headline, story.budget_date, story.slug)

    response = sign_in(reporter).patch(story_url(story), change, format="json")

    assert response.status_code == 400
    assert error_of(response)["fields"] == errors
    story.refresh_from_db()
    assert (story.headline, story.budget_date, story.slug) == before
    assert list(story.bylines.all()) == [reporter]


def test_it_keeps_everything_when_one_change_of_several_is_refused(
    sign_in: SignIn, desk: Desk, reporter: User
) -> None:
    story = draft_by(reporter, desk, budget_date=datetime.date(2026, 3, 1))

    response = sign_in(reporter).patch(
        story_url(story), {"headline": "Fine", "tags": ["?"]}, format="json"
    )

    assert response.status_code == 400
    story.refresh_from_db()
    assert story.headline == "Old headline"
    assert not story.tags.exists()
