"""Who may make each move: reporters their own early moves, editors their desks, admins all."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from newsbudget.accounts.models import User
from newsbudget.desks.models import Desk
from newsbudget.stories import services
from newsbudget.stories.errors import NotPermitted
from newsbudget.stories.models import Story, StoryTransition
from newsbudget.stories.workflow import TRANSITIONS
from tests.factories import StoryFactory, UserFactory

MOVES = [(name, sorted(move.sources)[0]) for name, move in TRANSITIONS.items()]
REPORTER_MOVES = {name for name, move in TRANSITIONS.items() if move.bylined_reporter_may}


def story_in(desk: Desk, status: str, *bylines: User) -> Story:
    return StoryFactory(
        desk=desk,
        status=status,
        publish_at=timezone.now() + datetime.timedelta(hours=2),
        bylines=list(bylines) or None,
    )


def assert_refused(story: Story, name: str, by: object) -> None:
    before = story.status
    with pytest.raises(NotPermitted):
        services.transition_story(story=story, name=name, by=by)  # type: ignore[arg-type]
    story.refresh_from_db()
    assert story.status == before
    assert not StoryTransition.objects.filter(story=story).exists()


@pytest.mark.parametrize(("name", "status"), MOVES)
def test_a_bylined_reporter_makes_only_the_early_moves(
    name: str, status: str, desk: Desk, reporter: User
) -> None:
    story = story_in(desk, status, reporter)
    if name in REPORTER_MOVES:
        services.transition_story(story=story, name=name, by=reporter)
        story.refresh_from_db()
        assert story.status == TRANSITIONS[name].target
    else:
        assert_refused(story, name, reporter)


@pytest.mark.parametrize(("name", "status"), MOVES)
def test_a_reporter_cannot_move_someone_elses_story(
    name: str, status: str, desk: Desk, reporter: User
) -> None:
    assert_refused(story_in(desk, status), name, reporter)


@pytest.mark.parametrize(("name", "status"), MOVES)
def test_an_editor_of_another_desk_cannot_move_it(
    name: str, status: str, desk: Desk, other_editor: User
) -> None:
    assert_refused(story_in(desk, status), name, other_editor)


@pytest.mark.parametrize(("name", "status"), MOVES)
def test_an_admin_moves_stories_on_any_desk(
    name: str, status: str, desk: Desk, newsroom_admin: User
) -> None:
    story = story_in(desk, status)
    services.transition_story(story=story, name=name, by=newsroom_admin)
    story.refresh_from_db()
    assert story.status == TRANSITIONS[name].target


@pytest.mark.parametrize(("name", "status"), MOVES)
def test_anonymous_and_roleless_people_cannot_move_anything(
    name: str, status: str, desk: Desk
) -> None:
    story = story_in(desk, status)
    roleless = UserFactory()
    desk.staff.add(roleless)
    assert_refused(story, name, AnonymousUser())
    assert_refused(story, name, roleless)


def test_a_deactivated_editor_cannot_move_anything(desk: Desk, editor: User) -> None:
    editor.is_active = False
    editor.save()
    assert_refused(story_in(desk, "edited"), "publish", User.objects.get(pk=editor.pk))
