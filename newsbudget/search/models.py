"""The search document: one row per story, the plain text the full-text index is built from.

A story's searchable text lives in five columns (headline, summary, body as
plain text, tag names, byline names), denormalised here so the full-text
index of each database can be built from one table:

- on SQLite, an FTS5 table ``search_storyfts`` with this table as its
  *external content*; triggers on this table keep it in step (migration 0001);
- on PostgreSQL, the ``vector`` column holds a weighted ``tsvector``
  (headline A, tags and summary B, bylines B, body C), written by
  ``services.index_story`` and searched through a GIN index (migration 0001).

On SQLite ``vector`` is an unused, always-NULL column (SQLite accepts any
column type), so the model and its migration are the same on both engines.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchVectorField
from django.db import models

from newsbudget.stories.models import Story


class StoryDocument(models.Model):
    story = models.OneToOneField(
        Story, on_delete=models.CASCADE, primary_key=True, related_name="search_document"
    )
    headline = models.TextField()
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    tags = models.TextField(blank=True)
    bylines = models.TextField(blank=True)
    vector = SearchVectorField(null=True, editable=False)
    indexed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Search document of story {self.story_id}"
