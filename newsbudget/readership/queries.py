"""Reads of page views: the most-read Live stories of a desk, and one story's views for staff.

Both are one query whatever the number of stories or days: the most-read
list sums ``StoryViews`` rows per story since a day (index ``day, story``)
and needs nothing else to link a headline; a story's figures are two sums
over its own rows (the ``story, day`` unique index).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet, Sum

from newsbudget.desks.models import Desk
from newsbudget.readership.models import StoryViews
from newsbudget.stories.models import Status, Story


def most_read_scope(desk_slug: str) -> str:
    """The content-version scope of a desk's most-read list (bumped by ``services``)."""
    return f"most-read:{desk_slug}"


def first_day(today: datetime.date, days: int) -> datetime.date:
    """The first of the ``days`` UTC days that end with ``today``.

    >>> first_day(datetime.date(2026, 3, 1), 7)
    datetime.date(2026, 2, 23)
    """
    return today - datetime.timedelta(days=days - 1)


def most_read_on(
    desk: Desk, *, today: datetime.date, days: int | None = None, limit: int | None = None
) -> QuerySet[Story]:
    """The desk's Live stories most viewed over the last ``days`` days, most viewed first.

    Each story carries ``recent_views``.  Ties go to the newer story.
    """
    days = settings.MOST_READ_DAYS if days is None else days
    limit = settings.MOST_READ_LIMIT if limit is None else limit
    return (
        Story.objects.filter(
            desk=desk, status=Status.LIVE, daily_views__day__gte=first_day(today, days)
        )
        .annotate(recent_views=Sum("daily_views__count"))
        .filter(recent_views__gt=0)
        .only("headline", "slug", "published_at")
        .order_by("-recent_views", "-published_at", "-pk")[:limit]
    )


@dataclass(frozen=True)
class ViewFigures:
    """A story's views as the newsroom sees them (flushed counts: up to a minute or so behind)."""

    total: int
    recent: int
    recent_days: int


def views_of(story: Story, *, today: datetime.date, days: int | None = None) -> ViewFigures:
    """All of ``story``'s views, and those of the last ``days`` days."""
    days = settings.MOST_READ_DAYS if days is None else days
    sums = StoryViews.objects.filter(story=story).aggregate(
        total=Sum("count"), recent=Sum("count", filter=Q(day__gte=first_day(today, days)))
    )
    return ViewFigures(total=sums["total"] or 0, recent=sums["recent"] or 0, recent_days=days)


def views_between(
    story_ids: list[int], first: datetime.date, last: datetime.date
) -> dict[int, int]:
    """Views of each story from ``first`` to ``last`` (UTC days, inclusive); for desk reports."""
    rows = (
        StoryViews.objects.filter(story_id__in=story_ids, day__range=(first, last))
        .values("story_id")
        .annotate(views=Sum("count"))
        .values_list("story_id", "views")
    )
    return dict(rows)
