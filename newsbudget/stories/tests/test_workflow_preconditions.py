"""A story cannot be scheduled without a publish time, nor go out without a body."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from newsbudget.accounts.models import User
from newsbudget.desks.models import Desk
from newsbudget.stories import services
from newsbudget.stories.models import Status, StoryTransition
from tests.factories import StoryFactory


def test_it_refuses_to_schedule_without_a_publish_time(desk: Desk, editor: User) -> None:
    story = StoryFactory(desk=desk, status=Status.EDITED, publish_at=None)

    with pytest.raises(ValidationError) as refused:
        services.transition_story(story=story, name="schedule", by=editor)

    assert "publish_at" in refused.value.message_dict
    story.refresh_from_db()
    assert story.status == Status.EDITED
    assert not StoryTransition.objects.exists()


@pytest.mark.parametrize("name", ["schedule", "publish"])
def test_it_refuses_to_put_out_an_empty_story(name: str, desk: Desk, editor: User) -> None:
    from django.utils import timezone

    story = StoryFactory(desk=desk, status=Status.EDITED, body="  ", publish_at=timezone.now())

    with pytest.raises(ValidationError, match="Write the story"):
        services.transition_story(story=story, name=name, by=editor)

    story.refresh_from_db()
    assert story.status == Status.EDITED
