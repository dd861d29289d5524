"""Writes of headline tests: start one, count what readers saw and clicked, declare the winner.

Starting or ending a test changes what the fronts render (the variants ride
in the page for the front's script), so both bump the content versions of
the fronts that list the story (``live`` for the home page, the story's
desk) and purge them upstream after the commit, exactly as a story edit
does.  A declared winner becomes the headline through
``stories.services.update_story``, so the edit's own freshness, purge and
log happen as for any other edit.

Counting never writes the database: ``count_impressions`` and ``count_click``
add to a ``BufferedCounter`` in the shared cache, and the scheduler's
``flush_headline_counts`` (every minute, ``tasks``) adds each closed window
to the variants' rows exactly once (see ``ops.counters.buffered``).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from newsbudget.accounts.models import User
from newsbudget.experiments import bucketing, policies
from newsbudget.experiments.models import (
    HEADLINE_MAX_LENGTH,
    MAX_ALTERNATIVES,
    HeadlineTest,
    HeadlineVariant,
)
from newsbudget.experiments.queries import RUNNING_KEY, running_variant_counts
from newsbudget.stories import purging
from newsbudget.stories import services as story_services
from newsbudget.stories.errors import NotPermitted
from newsbudget.stories.freshness import LIVE, desk_scope
from newsbudget.stories.models import Status, Story
from ops.counters.buffered import BufferedCounter, Flushed
from ops.httpcache.versions import bump_on_commit

logger = logging.getLogger(__name__)

IMPRESSION, CLICK = "i", "c"
MAX_TESTS_PER_BEACON = 50


# --- Starting and ending a test ---------------------------------------------


def clean_alternatives(original: str, alternatives: Sequence[str]) -> list[str]:
    """The alternatives, stripped; a ValidationError naming every problem otherwise.

    >>> clean_alternatives("Dog bites man", [" Man bitten ", ""])
    ['Man bitten']
    """
    cleaned = [text.strip() for text in alternatives if text.strip()]
    problems = []
    if not cleaned:
        problems.append("Give at least one alternative headline.")
    if len(cleaned) > MAX_ALTERNATIVES:
        problems.append(f"Give at most {MAX_ALTERNATIVES} alternative headlines.")
    if any(len(text) > HEADLINE_MAX_LENGTH for text in cleaned):
        problems.append(f"A headline has at most {HEADLINE_MAX_LENGTH} characters.")
    folded = [text.casefold() for text in [original.strip(), *cleaned]]
    if len(set(folded)) < len(folded):
        problems.append("Each alternative must differ from the headline and from the others.")
    if problems:
        raise ValidationError(problems)
    return cleaned


def start_headline_test(*, story: Story, by: User, alternatives: Sequence[str]) -> HeadlineTest:
    """Start testing ``alternatives`` against the headline of a Live story."""
    with transaction.atomic():
        story = (
            Story.objects.select_for_update(of=("self",)).select_related("desk").get(pk=story.pk)
        )
        if not policies.may_test_headlines(by, story):
            raise NotPermitted("Only the desk's editors may test this story's headlines.")
        if story.status != Status.LIVE:
            raise ValidationError("Only a Live story's headline can be tested.")
        cleaned = clean_alternatives(story.headline, alternatives)
        if HeadlineTest.objects.filter(story=story, ended_at__isnull=True).exists():
            raise ValidationError("This story already has a headline test running.")
        try:
            with transaction.atomic():
                test = HeadlineTest.objects.create(story=story, started_by=by)
        except IntegrityError:  # another editor started one a moment ago
            raise ValidationError("This story already has a headline test running.") from None
        HeadlineVariant.objects.bulk_create(
            HeadlineVariant(test=test, position=position, headline=headline)
            for position, headline in enumerate([story.headline, *cleaned])
        )
        fronts_changed(story)
    logger.info("Headline test %s of story %s started by %s", test.pk, story.pk, by.username)
    return test


def declare_winner(*, test: HeadlineTest, position: int, by: User) -> HeadlineTest:
    """End ``test``; a winning alternative becomes the story's headline (0 keeps the original)."""
    with transaction.atomic():
        test = (
            HeadlineTest.objects.select_for_update(of=("self",))
            .select_related("story__desk")
            .get(pk=test.pk)
        )
        story = test.story
        if not policies.may_test_headlines(by, story):
            raise NotPermitted("Only the desk's editors may end this story's headline test.")
        if not test.is_running:
            raise ValidationError("This headline test has already ended.")
        winner = test.variants.filter(position=position).first()
        if winner is None:
            raise ValidationError("There is no such headline in this test.")
        test.ended_at, test.ended_by, test.winner = timezone.now(), by, position
        test.save(update_fields=["ended_at", "ended_by", "winner"])
        if position != 0 and winner.headline != story.headline:
            story_services.update_story(story=story, by=by, headline=winner.headline)
        fronts_changed(story)
    logger.info("Headline test %s ended by %s: variant %s won", test.pk, by.username, position)
    return test


def fronts_changed(story: Story) -> None:
    """After the commit: fronts listing ``story`` render again, and upstream copies go."""
    bump_on_commit([LIVE, desk_scope(story.desk.slug)])
    transaction.on_commit(lambda: cache.delete(RUNNING_KEY))
    purging.purge_story_on_commit(story_id=story.pk, slugs={story.slug}, desk_ids={story.desk_id})


# --- Counting ---------------------------------------------------------------


def headline_counts() -> BufferedCounter:
    """Impressions and clicks per test and variant, in the page views' windows."""
    return BufferedCounter(
        "headlines",
        window_seconds=settings.PAGE_VIEWS_WINDOW_SECONDS,
        flush_delay_seconds=settings.PAGE_VIEWS_FLUSH_DELAY_SECONDS,
    )


def assign(*, reader_id: str, test_ids: Iterable[int]) -> dict[int, int]:
    """The variant ``reader_id`` sees of each running test among ``test_ids`` (others dropped)."""
    running = running_variant_counts()
    wanted = sorted({test_id for test_id in test_ids if test_id in running})
    return {
        test_id: bucketing.variant_for(
            reader_id=reader_id, test_id=test_id, variants=running[test_id]
        )
        for test_id in wanted[:MAX_TESTS_PER_BEACON]
    }


def count(kind: str, assigned: dict[int, int]) -> bool:
    """Count one impression or click per (test, variant); False if the cache could not."""
    try:
        counter = headline_counts()
        for test_id, variant in assigned.items():
            counter.add(f"{test_id}:{variant}:{kind}")
    except Exception as error:  # counting must never fail the reader's request
        logger.warning("Headline test counts dropped (cache unavailable: %s)", type(error).__name__)
        return False
    return True


def count_impressions(*, reader_id: str, test_ids: Iterable[int]) -> dict[int, int]:
    """Assign the reader's variants of the tests a front showed, and count an impression of each."""
    assigned = assign(reader_id=reader_id, test_ids=test_ids)
    count(IMPRESSION, assigned)
    return assigned


def count_click(*, reader_id: str, test_id: int) -> bool:
    """Count a click through the headline of ``test_id`` the reader was shown."""
    assigned = assign(reader_id=reader_id, test_ids=[test_id])
    return bool(assigned) and count(CLICK, assigned)


def flush_headline_counts(*, now: datetime.datetime | None = None) -> Flushed:
    """Add the counts of closed windows to the variants' rows (exactly once per window)."""
    flushed = headline_counts().flush(add_counts, now=now)
    if flushed.windows:
        logger.info(
            "Flushed headline test counts: %s window(s), %s event(s)",
            flushed.windows, flushed.total,
        )  # fmt: skip
    return flushed


def add_counts(window_start: datetime.datetime, counts: dict[str, int]) -> None:
    """One window's counts onto the variant rows, in (test, position) order (no deadlock)."""
    totals: dict[tuple[int, int], dict[str, int]] = {}
    for name, amount in counts.items():
        parts = name.split(":")
        if len(parts) != 3 or not parts[0].isdigit() or not parts[1].isdigit():
            continue
        kind = parts[2]
        if kind not in (IMPRESSION, CLICK):
            continue
        row = totals.setdefault((int(parts[0]), int(parts[1])), {IMPRESSION: 0, CLICK: 0})
        row[kind] += amount
    for (test_id, position), added in sorted(totals.items()):
        HeadlineVariant.objects.filter(test_id=test_id, position=position).update(
            impressions=F("impressions") + added[IMPRESSION], clicks=F("clicks") + added[CLICK]
        )
