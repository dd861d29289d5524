"""Every transition from every status: allowed ones apply and are recorded, the rest are refused."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from newsbudget.accounts.models import User
from newsbudget.desks.models import Desk
from newsbudget.stories import services
from newsbudget.stories.errors import IllegalTransition
from newsbudget.stories.models import Status, Story, StoryTransition
from newsbudget.stories.workflow import TRANSITIONS
from tests.factories import StoryFactory

ALLOWED = [(name, status) for name, move in TRANSITIONS.items() for status in sorted(move.sources)]
REFUSED = [
    (name, status)
    for name, move in TRANSITIONS.items()
    for status in Status.values
    if status not in move.sources
]


def ready_story(desk: Desk, status: str) -> Story:
    """A story that meets every precondition (body, publish time) in ``status``."""
    return StoryFactory(
        desk=desk,
        status=status,
        publish_at=timezone.now() + datetime.timedelta(hours=2),
    )


@pytest.mark.parametrize(("name", "status"), ALLOWED)
def test_it_applies_each_allowed_move(name: str, status: str, desk: Desk, editor: User) -> None:
    story = ready_story(desk, status)

    moved = services.transition_story(story=story, name=name, by=editor)

    story.refresh_from_db()
    assert story.status == TRANSITIONS[name].target == moved.status
    record = StoryTransition.objects.get(story=story)
    assert (record.name, record.from_status, record.to_status, record.by) == (
        name,
        status,
        TRANSITIONS[name].target,
        editor,
    )


@pytest.mark.parametrize(("name", "status"), REFUSED)
def test_it_refuses_each_illegal_move(name: str, status: str, desk: Desk, editor: User) -> None:
    story = ready_story(desk, status)

    with pytest.raises(IllegalTransition, match="Cannot"):
        services.transition_story(story=story, name=name, by=editor)

    story.refresh_from_db()
    assert story.status == status
    assert not StoryTransition.objects.filter(story=story).exists()


def test_every_status_and_move_is_covered() -> None:
    assert len(ALLOWED) + len(REFUSED) == len(TRANSITIONS) * len(Status.values)


def test_it_refuses_an_unknown_move_as_invalid_data(desk: Desk, editor: User) -> None:
    from django.core.exceptions import ValidationError

    story = ready_story(desk, Status.EDITED)
    with pytest.raises(ValidationError, match="Unknown transition"):
        services.transition_story(story=story, name="teleport", by=editor)


def test_it_stamps_first_publication_and_keeps_it_on_republish(desk: Desk, editor: User) -> None:
    story = ready_story(desk, Status.EDITED)
    services.transition_story(story=story, name="publish", by=editor)
    story.refresh_from_db()
    first = story.published_at
    assert first is not None

    services.transition_story(story=story, name="unpublish", by=editor)
    services.transition_story(story=story, name="publish", by=editor)

    story.refresh_from_db()
    assert story.published_at == first
    assert list(story.transitions.values_list("name", flat=True)) == [
        "publish",
        "unpublish",
        "publish",
    ]


def test_it_walks_the_whole_life_of_a_story(desk: Desk, reporter: User, editor: User) -> None:
    story = services.create_story(
        by=reporter,
        desk=desk,
        headline="Tram line opens",
        budget_date=timezone.localdate(),
        body="<p>It opened.</p>",
        publish_at=timezone.now() + datetime.timedelta(hours=1),
    )
    services.transition_story(story=story, name="draft", by=reporter)
    services.transition_story(story=story, name="file", by=reporter)
    services.transition_story(story=story, name="schedule", by=editor)
    services.transition_story(story=story, name="publish", by=editor)
    services.transition_story(story=story, name="archive", by=editor)

    story.refresh_from_db()
    assert story.status == Status.ARCHIVED
    assert [t.to_status for t in story.transitions.all()] == [
        "draft",
        "edited",
        "scheduled",
        "live",
        "archived",
    ]
