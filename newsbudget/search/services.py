"""Writes to the search index: index stories by id, and rebuild the whole index.

A story's document is written from the database's current state (ids, not
objects), so indexing the same story twice, late, or after it was deleted is
harmless: the last run wins and a missing story loses its document.  The
engine-specific part (FTS5 triggers fire by themselves; PostgreSQL's weighted
vector is computed from the text) is ``documents_written`` of the backend.
Once the index has changed for a story the public can read, the ``search``
content version is bumped, which retires the cached public searches.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import batched

from django.db import transaction

from newsbudget.search.backends import search_backend
from newsbudget.search.documents import DocumentText, document_text
from newsbudget.search.models import StoryDocument
from newsbudget.search.queries import SEARCH
from newsbudget.stories.freshness import READABLE
from newsbudget.stories.models import Story
from newsbudget.stories.queries import with_relations
from ops.httpcache import versions

logger = logging.getLogger(__name__)

REBUILD_BATCH = 500


def index_stories(story_ids: Iterable[int]) -> int:
    """(Re)write these stories' documents, dropping deleted ones'; returns how many were written."""
    wanted = sorted(set(story_ids))
    if not wanted:
        return 0
    with transaction.atomic():
        stories = list(with_relations(Story.objects.filter(pk__in=wanted)).order_by("pk"))
        StoryDocument.objects.filter(pk__in=wanted).delete()
        write_documents(stories)
        if any(story.status in READABLE for story in stories):
            versions.bump_on_commit([SEARCH])
    return len(stories)


def write_documents(stories: Sequence[Story]) -> None:
    documents = [
        StoryDocument(story_id=story.pk, **document_text(story).as_fields()) for story in stories
    ]
    StoryDocument.objects.bulk_create(documents)
    search_backend().documents_written([story.pk for story in stories])


def index_stories_quietly(story_ids: Iterable[int]) -> None:
    """``index_stories``, after a commit: a failure is logged (the change itself is saved).

    The index is then behind for these stories until they change again or
    ``manage.py rebuild_search_index`` runs (docs/search.md, "When the index drifts").
    """
    ids = sorted(set(story_ids))
    try:
        index_stories(ids)
    except Exception:
        logger.exception("Search index not updated for stories %s", ids)


def rebuild_index(
    *, batch_size: int = REBUILD_BATCH, progress: Callable[[int, int], None] | None = None
) -> int:
    """Rewrite every story's document in batches, then have the engine re-read them all.

    Each batch is its own transaction, so readers keep searching the rest of
    the index meanwhile.  ``progress(done, total)`` is called after each batch.
    """
    story_ids = list(Story.objects.order_by("pk").values_list("pk", flat=True))
    total = len(story_ids)
    StoryDocument.objects.exclude(story_id__in=Story.objects.values("pk")).delete()
    done = 0
    for start in range(0, total, batch_size):
        done += index_stories(story_ids[start : start + batch_size])
        if progress is not None:
            progress(done, total)
    search_backend().documents_written(None)
    versions.bump([SEARCH])
    return done


@dataclass(frozen=True)
class Drift:
    """How far the index is behind the stories: what ``find_drift`` found."""

    checked: int
    missing: tuple[int, ...]  # stories with no document
    stale: tuple[int, ...]  # stories whose document no longer matches their text
    engine_in_step: bool  # the engine's own index agrees with the documents

    @property
    def story_ids(self) -> list[int]:
        return sorted({*self.missing, *self.stale})

    @property
    def found(self) -> bool:
        return bool(self.story_ids) or not self.engine_in_step


def document_matches(document: StoryDocument, text: DocumentText) -> bool:
    return all(getattr(document, field) == value for field, value in text.as_fields().items())


def find_drift(*, batch_size: int = REBUILD_BATCH) -> Drift:
    """Compare every story's document with the text it would be written with now.

    Catches what the signals cannot see: ``bulk_create`` and ``update()`` on
    stories, tags or people, a failed after-commit write, rows restored or
    edited outside Django.  Read-only, in batches of ``batch_size`` stories.
    """
    story_ids = list(Story.objects.order_by("pk").values_list("pk", flat=True))
    missing: list[int] = []
    stale: list[int] = []
    for batch in batched(story_ids, batch_size, strict=False):
        documents = StoryDocument.objects.in_bulk(batch)
        for story in with_relations(Story.objects.filter(pk__in=batch)):
            document = documents.get(story.pk)
            if document is None:
                missing.append(story.pk)
            elif not document_matches(document, document_text(story)):
                stale.append(story.pk)
    return Drift(
        checked=len(story_ids),
        missing=tuple(sorted(missing)),
        stale=tuple(sorted(stale)),
        engine_in_step=search_backend().index_in_step(),
    )


def repair_drift(drift: Drift, *, batch_size: int = REBUILD_BATCH) -> int:
    """Rewrite the drifted stories' documents (and the engine's index if it disagreed)."""
    repaired = 0
    for batch in batched(drift.story_ids, batch_size, strict=False):
        repaired += index_stories(batch)
    if not drift.engine_in_step:
        search_backend().documents_written(None)
        versions.bump([SEARCH])
    return repaired


def check_index(*, repair: bool) -> Drift:
    """``find_drift``, logged; with ``repair``, the drift mended at once."""
    drift = find_drift()
    if not drift.found:
        logger.info("Search index in step: %s stories checked", drift.checked)
        return drift
    logger.warning(
        "Search index drift: %s missing, %s stale, engine index %s (of %s stories)%s",
        len(drift.missing), len(drift.stale),
        "in step" if drift.engine_in_step else "out of step", drift.checked,
        ": repairing" if repair else "",
    )  # fmt: skip
    if repair:
        repair_drift(drift)
    return drift
