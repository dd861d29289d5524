"""Asking the policies about a whole page of stories costs a fixed few queries per person."""

from __future__ import annotations

from typing import Any

from newsbudget.accounts.models import User
from newsbudget.accounts.roles import ADMIN, EDITOR, REPORTER
from newsbudget.desks.models import Desk
from newsbudget.stories import policies
from newsbudget.stories.models import Status, Story
from newsbudget.stories.queries import with_relations
from newsbudget.stories.workflow import TRANSITIONS
from tests.factories import StoryFactory, UserFactory, staff_member


def test_moves_allowed_costs_at_most_three_queries_however_many_stories(
    desk: Desk, other_desk: Desk, django_assert_max_num_queries: Any
) -> None:
    people = [
        staff_member(REPORTER, desk),
        staff_member(EDITOR, desk),
        staff_member(EDITOR, other_desk),
        staff_member(ADMIN),
        UserFactory(),
        staff_member(EDITOR, desk, is_active=False),
    ]
    for person in people:
        for status in Status:
            StoryFactory(desk=desk, status=status, bylines=[person])
            StoryFactory(desk=other_desk, status=status, bylines=[person])
            StoryFactory(desk=desk, status=status)
    stories = list(with_relations(Story.objects.order_by("pk")))

    for person in people:
        fresh = User.objects.get(pk=person.pk)
        with django_assert_max_num_queries(3):  # permissions (2) and the person's desks (1)
            offered = {story.pk: policies.moves_allowed(fresh, story) for story in stories}
        for story in stories:
            expected = [
                move
                for move in TRANSITIONS.values()
                if story.status in move.sources and policies.may_transition(person, story, move)
            ]
            assert offered[story.pk] == expected


def test_the_desk_cache_belongs_to_one_user_object(desk: Desk, other_desk: Desk) -> None:
    editor = staff_member(EDITOR, desk)
    assert policies.works_on_desk(editor, desk)
    assert not policies.works_on_desk(editor, other_desk)

    other_desk.staff.add(editor)

    assert policies.works_on_desk(User.objects.get(pk=editor.pk), other_desk)
