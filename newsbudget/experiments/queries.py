"""Reads of headline tests: what a front shows, what a beacon may count, and the results.

``running_tests_on`` is the one query a front page adds when it is rendered
(a page-cache miss); ``running_variant_counts`` answers the beacons from the
cache (one query after a test starts or ends, none otherwise).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Prefetch, QuerySet

from newsbudget.experiments import stats
from newsbudget.experiments.models import HeadlineTest, HeadlineVariant, variants_json
from newsbudget.stories.models import Story

RUNNING_KEY = "experiments:running"
RUNNING_TIMEOUT = 300


@dataclass(frozen=True)
class ShownTest:
    """A running test as a front renders it: its id and every headline, the original first."""

    pk: int
    headlines: list[str]

    @property
    def variants_json(self) -> str:
        return variants_json(self.headlines)


def with_variants(tests: QuerySet[HeadlineTest]) -> QuerySet[HeadlineTest]:
    return tests.select_related("story", "story__desk").prefetch_related(
        Prefetch("variants", queryset=HeadlineVariant.objects.order_by("position"))
    )


def running_tests_on(stories: Iterable[Story]) -> dict[int, ShownTest]:
    """The running test of each of ``stories`` that has one, by story id (one query).

    The original is the story's headline now, so an edit during the test shows at once.
    """
    by_id = {story.pk: story for story in stories}
    if not by_id:
        return {}
    variants = (
        HeadlineVariant.objects.filter(test__story_id__in=by_id, test__ended_at__isnull=True)
        .order_by("test_id", "position")
        .values_list("test_id", "test__story_id", "position", "headline")
    )
    shown: dict[int, ShownTest] = {}
    for test_id, story_id, position, headline in variants:
        test = shown.setdefault(story_id, ShownTest(pk=test_id, headlines=[]))
        test.headlines.append(by_id[story_id].headline if position == 0 else headline)
    return shown


def running_variant_counts() -> dict[int, int]:
    """How many variants each running test has, by test id (cached; services forget it)."""
    found = cache.get(RUNNING_KEY)
    if found is None:
        rows = (
            HeadlineVariant.objects.filter(test__ended_at__isnull=True)
            .values_list("test_id", flat=True)
            .order_by()
        )
        found = {}
        for test_id in rows:
            found[test_id] = found.get(test_id, 0) + 1
        cache.set(RUNNING_KEY, found, RUNNING_TIMEOUT)
    return dict(found)


def running_test_of(story: Story) -> HeadlineTest | None:
    return with_variants(HeadlineTest.objects.filter(story=story, ended_at__isnull=True)).first()


def tests_of(story: Story) -> QuerySet[HeadlineTest]:
    return with_variants(HeadlineTest.objects.filter(story=story))


@dataclass(frozen=True)
class VariantResult:
    """One headline's figures as the editor sees them."""

    position: int
    headline: str
    impressions: int
    clicks: int
    ctr: float | None
    comparison: stats.Comparison | None
    """Against the original; None for the original itself."""

    @property
    def ctr_percent(self) -> float | None:
        return None if self.ctr is None else 100 * self.ctr


def results_of(test: HeadlineTest) -> list[VariantResult]:
    """Each variant's impressions, clicks, CTR and its comparison with the original."""
    variants = list(test.variants.all())
    original = next(v for v in variants if v.position == 0)
    alternatives = len(variants) - 1
    return [
        VariantResult(
            position=variant.position,
            headline=variant.headline,
            impressions=variant.impressions,
            clicks=variant.clicks,
            ctr=stats.click_through_rate(variant.clicks, variant.impressions),
            comparison=None
            if variant.position == 0
            else stats.compare(
                original=(original.clicks, original.impressions),
                alternative=(variant.clicks, variant.impressions),
                alternatives=alternatives,
            ),
        )
        for variant in variants
    ]
