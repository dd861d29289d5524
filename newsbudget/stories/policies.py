"""Who may do what to a story: one function per question, asked by every view, API and service.

Roles carry permissions (see ``newsbudget.accounts.roles``); desks scope them.
An editor's ``edit_desk_stories`` covers only the desks they staff, while
``edit_all_stories`` (admins) covers every desk.  Reporters act on stories that
carry their byline, and only before the story is scheduled.

Answers cost no query per story: the desks a user staffs are read once and
kept on the user object (as Django keeps permissions in ``_perm_cache``), and
bylines come from the story's prefetched set.  A page or API list can ask about
every story it shows.
"""

from __future__ import annotations

from typing import Any

from newsbudget.desks.models import Desk
from newsbudget.stories.models import Status, Story
from newsbudget.stories.workflow import Transition, available_from

REPORTER_EDITABLE = {Status.IDEA, Status.DRAFT, Status.EDITED}


DESK_CACHE = "_newsroom_desk_ids"


def desk_ids_of(user: Any) -> frozenset[int]:
    """Ids of the desks ``user`` staffs, read once per user object (one request)."""
    cached = getattr(user, DESK_CACHE, None)
    if cached is None:
        cached = frozenset(user.desks.values_list("pk", flat=True))
        setattr(user, DESK_CACHE, cached)
    return cached


def works_on_desk(user: Any, desk: Desk) -> bool:
    """Whether ``user`` may act for ``desk``: a member of its staff, or an all-desks admin."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.has_perm("stories.edit_all_stories"):
        return True
    return desk.pk in desk_ids_of(user)


def has_byline(user: Any, story: Story) -> bool:
    if not user.is_authenticated or story.pk is None:
        return False
    return any(person.pk == user.pk for person in story.bylines.all())


def edits_desk(user: Any, desk: Desk) -> bool:
    """An editor (or admin) who may edit any story of ``desk``."""
    return user.has_perm("stories.edit_desk_stories") and works_on_desk(user, desk)


def may_create_on(user: Any, desk: Desk) -> bool:
    return user.has_perm("stories.add_story") and works_on_desk(user, desk)


def may_view_newsroom(user: Any) -> bool:
    """Staff pages (the budget, story edit pages) and unpublished stories in the API."""
    return user.is_authenticated and user.is_active and user.has_perm("stories.view_story")


def may_edit(user: Any, story: Story) -> bool:
    if not user.is_authenticated or not user.has_perm("stories.change_story"):
        return False
    if edits_desk(user, story.desk):
        return True
    return story.status in REPORTER_EDITABLE and has_byline(user, story)


def may_move(user: Any, story: Story) -> bool:
    """Move a story to another budget day."""
    return user.has_perm("stories.move_story") and works_on_desk(user, story.desk)


def may_transition(user: Any, story: Story, transition: Transition) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.has_perm(f"stories.{transition.permission}") and works_on_desk(user, story.desk):
        return True
    return (
        transition.bylined_reporter_may
        and user.has_perm("stories.change_story")
        and has_byline(user, story)
    )


def moves_allowed(user: Any, story: Story) -> list[Transition]:
    """The workflow moves ``user`` may make on ``story`` now, in workflow order."""
    return [move for move in available_from(story.status) if may_transition(user, story, move)]
