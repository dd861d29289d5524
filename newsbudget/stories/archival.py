"""Archiving old stories: exported as JSON lines to the private storage, then Archived.

A Live story published more than ``STORY_ARCHIVE_AFTER_YEARS`` ago (0, the
default, archives nothing) leaves the lists — home page, desk fronts, feeds,
most read, the API — but stays readable at its address, marked as from the
archive (``queries.readable_stories``).  Each batch is first written to the
private storage as ``archive/stories/<UTC time>-<first id>-<last id>.jsonl``
(one JSON object per story: text, desk, bylines, tags, dates), and only then
moved to Archived, as the scheduler would (a ``StoryTransition`` with no
person), so every archived story is in an export.  A run that dies between
the two leaves an export whose stories are still Live; the next run exports
them again, so a story may appear in two exports, never in none.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction
from django.db.models import QuerySet

from newsbudget.stories.models import Status, Story
from newsbudget.stories.queries import with_relations
from newsbudget.stories.services import apply_transition
from newsbudget.stories.workflow import TRANSITIONS
from ops.retention.policies import in_batches

EXPORT_FOLDER = "archive/stories"


def story_record(story: Story) -> dict[str, Any]:
    """What an export keeps of a story: everything a reader saw, and when."""
    return {
        "id": story.pk,
        "slug": story.slug,
        "desk": story.desk.slug,
        "headline": story.headline,
        "summary": story.summary,
        "body": story.body,
        "bylines": [person.byline for person in story.bylines.all()],
        "tags": [tag.name for tag in story.tags.all()],
        "budget_date": story.budget_date.isoformat(),
        "published_at": story.published_at.isoformat() if story.published_at else None,
        "word_count": story.word_count,
        "location_name": story.location_name,
    }


class ArchiveOldStories:
    """The retention policy that archives old Live stories (ops.retention's interface)."""

    name = "Old Live stories"
    verb = "archived"

    def cutoff(self, now: datetime.datetime) -> datetime.datetime:
        return now - datetime.timedelta(days=365.25 * settings.STORY_ARCHIVE_AFTER_YEARS)

    def due(self, now: datetime.datetime) -> QuerySet[Story]:
        if not settings.STORY_ARCHIVE_AFTER_YEARS:
            return Story.objects.none()
        return Story.objects.filter(status=Status.LIVE, published_at__lt=self.cutoff(now))

    def archive_batch(self, now: datetime.datetime, size: int) -> int:
        """Export up to ``size`` due stories, then archive them; how many."""
        stories = list(with_relations(self.due(now)).order_by("pk")[:size])
        if not stories:
            return 0
        lines = "".join(json.dumps(story_record(story)) + "\n" for story in stories)
        stamp = now.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
        name = f"{EXPORT_FOLDER}/{stamp}-{stories[0].pk}-{stories[-1].pk}.jsonl"
        storages["private"].save(name, ContentFile(lines.encode(), name=name))
        archive = TRANSITIONS["archive"]
        with transaction.atomic():
            ids = [story.pk for story in stories]
            for story in Story.objects.select_for_update().filter(pk__in=ids, status=Status.LIVE):
                apply_transition(story, archive, by=None)
        return len(stories)

    def apply(self, now: datetime.datetime, size: int, pause: float) -> int:
        return in_batches(lambda: self.archive_batch(now, size), size, pause)


POLICIES = [ArchiveOldStories()]
