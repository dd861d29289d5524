"""What a desk report says, in any format: its stories, then tallies by status and by reporter.

Built from one query, one prefetch and one page-views sum, whatever the range
holds.  Page views are those of the range's UTC days (newsbudget.readership),
so a story budgeted in the range but read after it counts only the reading
within it.  A story with
several bylines counts, with all its words, for each of its reporters (the
"By reporter" table is about each person's work, so its totals may exceed
the desk's); the "By status" table counts each story once and lists every
status, so the table has the same shape every time.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone

from newsbudget.desks.models import Desk
from newsbudget.readership.queries import views_between
from newsbudget.reports import queries
from newsbudget.stories.models import Status

NO_BYLINE = "(no byline)"
STORY_COLUMNS = [
    "ID", "Headline", "Status", "Budget date", "Reporters", "Words", "Page views", "Published at",
]  # fmt: skip
TALLY_COLUMNS = ["Stories", "Words", "Page views"]


@dataclass(frozen=True)
class StoryRow:
    story_id: int
    headline: str
    status: str
    budget_date: datetime.date
    reporters: list[str]
    words: int
    page_views: int
    published_at: datetime.datetime | None

    def cells(self) -> list[object]:
        """The row's values in ``STORY_COLUMNS`` order."""
        published = timezone.localtime(self.published_at) if self.published_at else None
        return [
            self.story_id,
            self.headline,
            self.status,
            self.budget_date,
            ", ".join(self.reporters) or NO_BYLINE,
            self.words,
            self.page_views,
            published.replace(tzinfo=None) if published else None,
        ]


@dataclass(frozen=True)
class Tally:
    """One line of a summary table: a status or a reporter, their stories, words and views."""

    label: str
    stories: int
    words: int
    page_views: int


@dataclass(frozen=True)
class ReportContent:
    desk: Desk
    start: datetime.date
    end: datetime.date
    generated_at: datetime.datetime
    stories: list[StoryRow]
    by_status: list[Tally]
    by_reporter: list[Tally]

    @property
    def total(self) -> Tally:
        return Tally(
            "Total",
            len(self.stories),
            sum(row.words for row in self.stories),
            sum(row.page_views for row in self.stories),
        )

    def heading(self) -> list[tuple[str, object]]:
        """What the report covers, as label/value pairs."""
        return [
            ("Desk", self.desk.name),
            ("From", self.start),
            ("To", self.end),
            ("Generated", timezone.localtime(self.generated_at).replace(tzinfo=None)),
        ]


def tally_by_status(rows: list[StoryRow]) -> list[Tally]:
    """Every status in workflow order, with its stories, words and views (zero when none)."""
    return [
        Tally(
            label=status.label,
            stories=sum(1 for row in rows if row.status == status.label),
            words=sum(row.words for row in rows if row.status == status.label),
            page_views=sum(row.page_views for row in rows if row.status == status.label),
        )
        for status in Status
    ]


def tally_by_reporter(rows: list[StoryRow]) -> list[Tally]:
    """Each reporter with a byline in the range (alphabetically), their stories, words, views."""
    stories: dict[str, int] = defaultdict(int)
    words: dict[str, int] = defaultdict(int)
    views: dict[str, int] = defaultdict(int)
    for row in rows:
        for reporter in row.reporters or [NO_BYLINE]:
            stories[reporter] += 1
            words[reporter] += row.words
            views[reporter] += row.page_views
    return [
        Tally(name, stories[name], words[name], views[name])
        for name in sorted(stories, key=str.casefold)
    ]


def report_content(desk: Desk, start: datetime.date, end: datetime.date) -> ReportContent:
    stories = list(queries.stories_for_report(desk, start, end))
    views = views_between([story.pk for story in stories], start, end)
    rows = [
        StoryRow(
            story_id=story.pk,
            headline=story.headline,
            status=story.get_status_display(),
            budget_date=story.budget_date,
            reporters=[person.byline for person in story.bylines.all()],
            words=story.word_count,
            page_views=views.get(story.pk, 0),
            published_at=story.published_at,
        )
        for story in stories
    ]
    return ReportContent(
        desk=desk,
        start=start,
        end=end,
        generated_at=timezone.now(),
        stories=rows,
        by_status=tally_by_status(rows),
        by_reporter=tally_by_reporter(rows),
    )
