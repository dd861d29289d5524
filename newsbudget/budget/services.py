"""Changing the plan: moving a story to another budget day (and telling the live boards)."""

from __future__ import annotations

import datetime
import logging

from django.core.exceptions import ValidationError
from django.db import transaction

from newsbudget.accounts.models import User
from newsbudget.budget import events
from newsbudget.stories import policies
from newsbudget.stories.errors import NotPermitted
from newsbudget.stories.models import Status, Story

logger = logging.getLogger(__name__)

SETTLED = {Status.LIVE, Status.ARCHIVED}


def move_story(*, story: Story, budget_date: datetime.date, by: User) -> Story:
    """Plan ``story`` for ``budget_date`` instead; editors only, and not once it has run."""
    with transaction.atomic():
        story = Story.objects.select_for_update().select_related("desk").get(pk=story.pk)
        if not policies.may_move(by, story):
            raise NotPermitted("You cannot move stories on this desk.")
        if story.status in SETTLED:
            raise ValidationError({"budget_date": "A story that has run stays on the day it ran."})
        previous = story.budget_date
        story.budget_date = budget_date
        story.save(update_fields=["budget_date", "updated_at"])
        events.announce(story_id=story.pk, days=[previous, budget_date], change="moved")
    logger.info("Story %s moved from %s to %s by %s", story.pk, previous, budget_date, by.username)
    return story
