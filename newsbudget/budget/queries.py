"""The budget for a day: every story planned for it, grouped by desk, in workflow order."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from newsbudget.desks.models import Desk
from newsbudget.stories.models import Status, Story
from newsbudget.stories.queries import with_relations

STATUS_ORDER = {status: position for position, status in enumerate(Status.values)}


@dataclass
class DeskPlan:
    desk: Desk
    stories: list[Story] = field(default_factory=list)

    @property
    def planned_words(self) -> int:
        return sum(story.word_count for story in self.stories if story.status != Status.SPIKED)


def budget_for(day: datetime.date) -> list[DeskPlan]:
    """Every desk, even one with nothing planned, with its stories for ``day``; four queries."""
    plans = {desk.pk: DeskPlan(desk) for desk in Desk.objects.all()}
    stories = with_relations(Story.objects.filter(budget_date=day))
    for story in sorted(stories, key=lambda s: (STATUS_ORDER[s.status], s.headline.lower())):
        plans[story.desk_id].stories.append(story)
    return list(plans.values())
