"""Every filter and ordering the site runs on stories, and the index that must serve each.

A *shape* is one query as the code builds it (through ``queries`` where a
reader function exists), run with sample values, plus what a good plan for it
reads: an index on a table whose leading columns are given, and, for lists,
no sort step (the index yields the list's order, so a page reads just that
page).  ``manage.py explain_queries`` prints each shape's plan on the
configured database; ``stories/tests/test_query_plans.py`` asserts them on SQLite and
PostgreSQL.

Not listed, on purpose: lookups by primary key (always indexed), and the
desks and people lists (tens of rows, read whole and sorted in memory; an
index would never be chosen).  The budget and the API's filters live in apps
this one may not import, so their shapes are built here the way those apps
build them (``budget.queries.budget_for``, ``api.filters.StoryFilter``).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from newsbudget.desks.models import Desk
from newsbudget.stories import queries
from newsbudget.stories.models import Status, Story, Tag
from ops.queryplans.plans import Plan, explain, indexes_on

STORIES = "stories_story"
SMALL_TABLES = frozenset({"desks_desk"})
"""Tables a plan may read whole: a few dozen rows, fewer than an index lookup costs."""


@dataclass(frozen=True)
class Sample:
    """Values to put in the queries: real rows when the database has some, else stand-ins."""

    desk: Desk
    tag: Tag
    story: Story
    slug: str
    day: datetime.date
    now: datetime.datetime

    @classmethod
    def from_database(cls) -> Sample:
        newest = Story.objects.values_list("pk", "slug", "budget_date").first()
        story_id, slug, day = newest or (1, "a-story", timezone.localdate())
        return cls(
            desk=Desk(pk=Desk.objects.values_list("pk", flat=True).first() or 1),
            tag=Tag(pk=Tag.objects.values_list("pk", flat=True).first() or 1),
            story=Story(pk=story_id, slug=slug),
            slug=slug,
            day=day,
            now=timezone.now(),
        )


@dataclass(frozen=True)
class Shape:
    """One query the site runs and the index that must serve it."""

    name: str
    used_by: str
    run: Callable[[Sample], object]
    table: str
    columns: tuple[tuple[str, ...], ...]
    """Acceptable indexes on ``table``, each by its leading columns (any one will do)."""
    ordered: bool = False
    """The index must also give the order: the plan may not sort."""


def first_page(build: Callable[[Sample], QuerySet[Story]]) -> Callable[[Sample], object]:
    """Run the first page of the list ``build`` makes, as the paginators do."""
    return lambda sample: list(build(sample)[: settings.PAGE_SIZE])


def budget_range(sample: Sample) -> tuple[datetime.date, datetime.date]:
    return sample.day - datetime.timedelta(days=7), sample.day


SHAPES: tuple[Shape, ...] = (
    Shape(
        "live stories, newest first",
        "home page; API story list (public)",
        first_page(lambda sample: queries.live_stories()),
        STORIES,
        (("status", "published_at", "id"),),
        ordered=True,
    ),
    Shape(
        "count of live stories",
        "home page pagination; API story list count (public)",
        lambda sample: queries.live_stories().count(),
        STORIES,
        (("status",),),
    ),
    Shape(
        "a desk's live stories, newest first",
        "desk fronts, desk feeds, a story's latest-on-desk box; API ?desk= (public)",
        first_page(lambda sample: queries.live_stories_on(sample.desk)),
        STORIES,
        (("desk_id", "status", "published_at", "id"),),
        ordered=True,
    ),
    Shape(
        "count of a desk's live stories",
        "desk front pagination; API ?desk= count (public)",
        lambda sample: queries.live_stories_on(sample.desk).count(),
        STORIES,
        (("desk_id", "status"),),
    ),
    Shape(
        "latest on the desk, but this story",
        "story pages",
        first_page(lambda sample: queries.live_stories_on(sample.desk).exclude(pk=sample.story.pk)),
        STORIES,
        (("desk_id", "status", "published_at", "id"),),
        ordered=True,
    ),
    Shape(
        "a live story by slug",
        "story pages and their page-cache route",
        lambda sample: queries.live_stories().get(slug=sample.slug),
        STORIES,
        (("slug",),),
    ),
    Shape(
        "live stories with a tag",
        "API ?tag= (public)",
        first_page(lambda sample: queries.live_stories().filter(tags=sample.tag)),
        "stories_story_tags",
        (("tag_id",), ("story_id",)),
    ),
    Shape(
        "live stories in a budget-date range",
        "API ?budget_after=&budget_before= (public)",
        first_page(
            lambda sample: queries.live_stories().filter(budget_date__range=budget_range(sample))
        ),
        STORIES,
        (("budget_date",), ("status", "published_at", "id")),
    ),
    Shape(
        "every story, latest change first",
        "API story list (newsroom staff)",
        first_page(lambda sample: queries.newsroom_stories()),
        STORIES,
        (("updated_at", "id"),),
        ordered=True,
    ),
    Shape(
        "a desk's stories, latest change first",
        "API ?desk= (newsroom staff)",
        first_page(lambda sample: queries.newsroom_stories().filter(desk=sample.desk)),
        STORIES,
        (("desk_id", "updated_at", "id"),),
        ordered=True,
    ),
    Shape(
        "stories in a status, latest change first",
        "API ?status= (newsroom staff)",
        first_page(lambda sample: queries.newsroom_stories().filter(status=Status.DRAFT)),
        STORIES,
        (("status", "updated_at", "id"),),
        ordered=True,
    ),
    Shape(
        "stories with a tag, latest change first",
        "API ?tag= (newsroom staff)",
        first_page(lambda sample: queries.newsroom_stories().filter(tags=sample.tag)),
        "stories_story_tags",
        (("tag_id",), ("story_id",)),
    ),
    Shape(
        "stories in a budget-date range, latest change first",
        "API ?budget_after=&budget_before= (newsroom staff)",
        first_page(
            lambda sample: queries.newsroom_stories().filter(
                budget_date__range=budget_range(sample)
            )
        ),
        STORIES,
        (("budget_date",), ("updated_at", "id")),
    ),
    Shape(
        "a day's budget",
        "the budget board; API budget",
        lambda sample: list(queries.with_relations(Story.objects.filter(budget_date=sample.day))),
        STORIES,
        (("budget_date",),),
    ),
    Shape(
        "scheduled stories due now, earliest first",
        "the scheduler (publish_due_stories, every minute)",
        lambda sample: list(
            Story.objects.filter(status=Status.SCHEDULED, publish_at__lte=sample.now)
            .order_by("publish_at", "pk")
            .values_list("pk", flat=True)
        ),
        STORIES,
        (("status", "publish_at", "id"),),
        ordered=True,
    ),
    Shape(
        "a story's workflow history, oldest first",
        "staff story pages",
        lambda sample: list(queries.history_of(sample.story)),
        "stories_storytransition",
        (("story_id", "at", "id"),),
        ordered=True,
    ),
    Shape(
        "a story's bylines",
        "every story list and page (prefetch)",
        lambda sample: list(sample.story.bylines.all()),
        "stories_story_bylines",
        (("story_id",),),
    ),
    Shape(
        "a story's tags",
        "every story list and page (prefetch)",
        lambda sample: list(sample.story.tags.all()),
        "stories_story_tags",
        (("story_id",),),
    ),
    Shape(
        "a tag by slug",
        "API ?tag=",
        lambda sample: Tag.objects.filter(slug="a-tag").first(),
        "stories_tag",
        (("slug",),),
    ),
    Shape(
        "a desk by slug",
        "desk fronts, desk feeds; API ?desk=",
        lambda sample: Desk.objects.filter(slug="a-desk").first(),
        "desks_desk",
        (("slug",),),
    ),
)


@dataclass(frozen=True)
class Verdict:
    """A shape's plan and what is wrong with it (nothing, ideally)."""

    shape: Shape
    plan: Plan
    expected: tuple[str, ...]
    """Names of the indexes that would serve the shape."""
    problems: tuple[str, ...]


def judge(shape: Shape, sample: Sample, *, using: str = "default", force_index: bool) -> Verdict:
    """Explain ``shape`` with ``sample`` and say whether the plan reads a serving index."""
    plan = explain(
        lambda: shape.run(sample),
        using=using,
        force_index=force_index,
        force_index_order=force_index and shape.ordered,
    )
    expected = tuple(
        sorted(
            name
            for name, columns in indexes_on(shape.table, using=using).items()
            if any(columns[: len(leading)] == leading for leading in shape.columns)
        )
    )
    problems = []
    if not expected:
        wanted = " or ".join(f"({', '.join(leading)})" for leading in shape.columns)
        problems.append(f"no index on {shape.table} starts with {wanted}")
    elif not set(expected) & set(plan.indexes):
        problems.append(f"reads none of {', '.join(expected)}")
    problems.extend(
        f"reads {table} whole" for table in plan.full_scans if table not in SMALL_TABLES
    )
    if shape.ordered and plan.sorts:
        problems.append("sorts rows instead of reading them in index order")
    return Verdict(shape, plan, expected, tuple(problems))
