"""Editing a story: reporters their own unscheduled work, editors anything on their desks."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from newsbudget.accounts.models import User
from newsbudget.desks.models import Desk
from newsbudget.stories import services
from newsbudget.stories.errors import NotPermitted
from newsbudget.stories.models import Status
from tests.factories import StoryFactory


def test_a_reporter_edits_their_own_draft(desk: Desk, reporter: User) -> None:
    story = StoryFactory(desk=desk, status=Status.DRAFT, bylines=[reporter])

    services.update_story(story=story, by=reporter, headline="  New headline ", tags=["Rail"])

    story.refresh_from_db()
    assert story.headline == "New headline"
    assert list(story.tags.values_list("name", flat=True)) == ["Rail"]


@pytest.mark.parametrize("status", [Status.SCHEDULED, Status.LIVE, Status.SPIKED])
def test_a_reporter_cannot_edit_their_story_once_it_is_out_of_their_hands(
    status: str, desk: Desk, reporter: User
) -> None:
    story = StoryFactory(desk=desk, status=status, bylines=[reporter], headline="Original")
    with pytest.raises(NotPermitted):
        services.update_story(story=story, by=reporter, headline="Changed")
    story.refresh_from_db()
    assert story.headline == "Original"


def test_a_reporter_cannot_edit_someone_elses_story(desk: Desk, reporter: User) -> None:
    story = StoryFactory(desk=desk, status=Status.DRAFT)
    with pytest.raises(NotPermitted):
        services.update_story(story=story, by=reporter, headline="Mine now")


def test_an_editor_edits_a_live_story_on_their_desk(desk: Desk, editor: User) -> None:
    story = StoryFactory(desk=desk, status=Status.LIVE)
    services.update_story(story=story, by=editor, summary="Updated with the vote count.")
    story.refresh_from_db()
    assert story.summary == "Updated with the vote count."


def test_an_editor_cannot_edit_another_desks_story(desk: Desk, other_editor: User) -> None:
    story = StoryFactory(desk=desk)
    with pytest.raises(NotPermitted):
        services.update_story(story=story, by=other_editor, headline="Ours now")


def test_an_editor_cannot_move_a_story_to_a_desk_they_do_not_work(
    desk: Desk, other_desk: Desk, editor: User
) -> None:
    story = StoryFactory(desk=desk)
    with pytest.raises(NotPermitted):
        services.update_story(story=story, by=editor, desk=other_desk)
    story.refresh_from_db()
    assert story.desk == desk


def test_invalid_edits_change_nothing(desk: Desk, editor: User) -> None:
    story = StoryFactory(desk=desk, headline="Kept", word_count=600)
    with pytest.raises(ValidationError):
        services.update_story(story=story, by=editor, headline="Lost", word_count=-1)
    with pytest.raises(ValidationError):
        services.update_story(story=story, by=editor, headline="Lost", bylines=[])
    story.refresh_from_db()
    assert (story.headline, story.word_count) == ("Kept", 600)


def test_it_rejects_fields_that_are_not_editable(desk: Desk, editor: User) -> None:
    story = StoryFactory(desk=desk)
    with pytest.raises(ValueError, match="status"):
        services.update_story(story=story, by=editor, status=Status.LIVE)
