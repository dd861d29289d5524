"""Reads of stories, each returning a queryset with its related rows already fetched.

Pages and the API list stories with their desk, bylines and tags; fetching
those here (one JOIN and two prefetches) keeps every list at a fixed number of
queries however many stories it shows.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from newsbudget.accounts.models import User
from newsbudget.desks.models import Desk
from newsbudget.stories.models import Status, Story, StoryTransition


def with_relations(stories: QuerySet[Story]) -> QuerySet[Story]:
    return stories.select_related("desk").prefetch_related(
        Prefetch("bylines", queryset=User.objects.order_by("last_name", "first_name", "pk")),
        "tags",
    )


def live_stories() -> QuerySet[Story]:
    """What the public sees listed: Live stories, newest first."""
    return with_relations(Story.objects.filter(status=Status.LIVE)).order_by("-published_at", "-pk")


def readable_stories() -> QuerySet[Story]:
    """What the public may read at a story's address: Live stories, and archived ones."""
    readable = Story.objects.filter(status__in=[Status.LIVE, Status.ARCHIVED])
    return with_relations(readable)


def live_stories_on(desk: Desk) -> QuerySet[Story]:
    return live_stories().filter(desk=desk)


def newsroom_stories() -> QuerySet[Story]:
    """Every story in every status, for staff."""
    return with_relations(Story.objects.all()).order_by("-updated_at", "-pk")


def visible_stories(user: Any) -> QuerySet[Story]:
    """Stories ``user`` may read: everything for newsroom staff, Live ones for everyone else."""
    from newsbudget.stories.policies import may_view_newsroom

    return newsroom_stories() if may_view_newsroom(user) else live_stories()


def history_of(story: Story) -> QuerySet[StoryTransition]:
    return story.transitions.select_related("by").order_by("at", "pk")


def editors_of(desk: Desk) -> QuerySet[User]:
    """Active staff of ``desk`` who hold the editor's permission, with an email address."""
    holds_permission = Q(groups__permissions__codename="edit_desk_stories") | Q(
        user_permissions__codename="edit_desk_stories"
    )
    return (
        desk.staff.filter(is_active=True)
        .filter(holds_permission)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
