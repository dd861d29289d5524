"""Writes of page views: counting one view in the cache, and flushing the counts to the database.

``count_view`` runs once per beacon and touches only the cache (one atomic
``incr``, ``ops.counters``).  ``flush_page_views`` runs every minute from the
scheduler (``tasks``): each closed minute of counts becomes additions to
``StoryViews`` rows, exactly once (see ``ops.counters.buffered`` for why and
what a crash can cost).  Afterwards the most-read list of every desk that got
views is recomputed, and its content version bumped only if the list changed,
so desk fronts stay cached while the ranking holds.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F

from newsbudget.desks.models import Desk
from newsbudget.readership.models import StoryViews
from newsbudget.readership.queries import most_read_on, most_read_scope
from newsbudget.stories.models import Story
from ops.counters.buffered import BufferedCounter, Flushed
from ops.httpcache import versions

logger = logging.getLogger(__name__)

RANKING_TIMEOUT = 2 * 86400


def page_views() -> BufferedCounter:
    """The page-view counter: one count per story id, per window of the settings."""
    return BufferedCounter(
        "pageviews",
        window_seconds=settings.PAGE_VIEWS_WINDOW_SECONDS,
        flush_delay_seconds=settings.PAGE_VIEWS_FLUSH_DELAY_SECONDS,
    )


def count_view(*, story_id: int, now: datetime.datetime | None = None) -> bool:
    """Count one view of a story; False (and a log line) if the cache could not count it."""
    try:
        page_views().add(str(story_id), now=now)
    except Exception as error:  # counting must never fail the reader's request
        logger.warning(
            "Page view of story %s not counted (cache unavailable: %s)",
            story_id, type(error).__name__,
        )  # fmt: skip
        return False
    return True


def flush_page_views(*, now: datetime.datetime | None = None) -> Flushed:
    """Move the counts of closed windows into ``StoryViews``; refresh the lists they change."""
    viewed: set[int] = set()

    def write(window_start: datetime.datetime, counts: dict[str, int]) -> None:
        viewed.update(add_views(window_start.date(), counts))

    flushed = page_views().flush(write, now=now)
    if flushed.windows:
        logger.info(
            "Flushed page views: %s window(s), %s view(s) of %s stor(ies)",
            flushed.windows, flushed.total, len(viewed),
        )  # fmt: skip
    if viewed:
        today = (now or datetime.datetime.now(tz=datetime.UTC)).astimezone(datetime.UTC).date()
        refresh_most_read(Desk.objects.filter(stories__pk__in=viewed).distinct(), today=today)
    return flushed


def add_views(day: datetime.date, counts: dict[str, int]) -> set[int]:
    """Add each story's count to its row for ``day``; the ids of the stories that still exist.

    Rows are updated in id order, so two flushes of different windows never
    wait on each other's rows in opposite orders (no deadlock).
    """
    wanted = {int(name): count for name, count in counts.items() if name.isdigit()}
    existing = sorted(Story.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    if len(existing) < len(wanted):
        logger.info("Page views of %s deleted stor(ies) dropped", len(wanted) - len(existing))
    for story_id in existing:
        add_to_row(story_id, day, wanted[story_id])
    return set(existing)


def add_to_row(story_id: int, day: datetime.date, count: int) -> None:
    rows = StoryViews.objects.filter(story_id=story_id, day=day)
    if rows.update(count=F("count") + count):
        return
    try:
        with transaction.atomic():
            StoryViews.objects.create(story_id=story_id, day=day, count=count)
    except IntegrityError:
        rows.update(count=F("count") + count)  # another flush created it a moment ago


def refresh_most_read(desks: Iterable[Desk], *, today: datetime.date) -> list[str]:
    """Bump the most-read scope of each desk whose list changed; the slugs bumped."""
    changed = []
    for desk in desks:
        ranking = list(most_read_on(desk, today=today).values_list("pk", flat=True))
        key = f"readership:most-read:{desk.slug}"
        if cache.get(key) != ranking:
            cache.set(key, ranking, RANKING_TIMEOUT)
            changed.append(desk.slug)
    if changed:
        versions.bump(most_read_scope(slug) for slug in changed)
    return changed
