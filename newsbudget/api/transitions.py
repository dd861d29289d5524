"""Which workflow moves the requesting user may make, answered for a whole page of stories.

``policies.may_transition`` is the rule, but it asks the database whether the
user works on the story's desk each time it is called; asked for every story
in a list, that is one query per story.  ``MovesFor`` asks the same question
once per request (the set of desks the user staffs) and then answers from
memory.  It follows ``policies.may_transition`` clause for clause, reusing the
policies that need no database (``has_byline`` reads the prefetched bylines);
``tests/test_transitions.py`` checks that both agree for every role, status,
desk and byline, so the two cannot drift apart unnoticed.
"""

from __future__ import annotations

from typing import Any

from newsbudget.stories import policies
from newsbudget.stories.models import Story
from newsbudget.stories.workflow import Transition, available_from


class MovesFor:
    """The moves ``user`` may make on stories; one query per instance, at most."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self._desk_ids: frozenset[int] | None = None

    def names(self, story: Story) -> list[str]:
        """Names of the transitions ``user`` may make on ``story`` now, in workflow order."""
        return [t.name for t in available_from(story.status) if self.may(story, t)]

    def may(self, story: Story, transition: Transition) -> bool:
        """``policies.may_transition(user, story, transition)``, without a query per story."""
        user = self.user
        if not user.is_authenticated or not user.is_active:
            return False
        if user.has_perm(f"stories.{transition.permission}") and self.works_on(story.desk_id):
            return True
        return (
            transition.bylined_reporter_may
            and user.has_perm("stories.change_story")
            and policies.has_byline(user, story)
        )

    def works_on(self, desk_id: int) -> bool:
        """``policies.works_on_desk`` for an authenticated, active user, from one query."""
        if self.user.has_perm("stories.edit_all_stories"):
            return True
        if self._desk_ids is None:
            self._desk_ids = frozenset(self.user.desks.values_list("pk", flat=True))
        return desk_id in self._desk_ids
