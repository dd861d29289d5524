"""Search on SQLite with FTS5: bm25 ranking with column weights, ``highlight`` and ``snippet``.

The FTS5 table ``search_storyfts`` indexes ``search_storydocument`` as
*external content* (rowid = story id) and is kept in step by triggers on that
table (migration 0001), so writing a document is all the indexing there is.

FTS5's ranking and snippet functions only work in a query whose FROM is the
FTS5 table, so they are reached through ``RawSQL`` — this module is in
``tests/hostile/test_no_raw_sql.py``'s list.  Every value, the MATCH
expression included, is a query parameter; the expression itself is built by
``syntax.ParsedQuery.fts5`` from words only, each in double quotes, so it is
always valid FTS5 whatever the reader typed.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from django.db import DatabaseError, connection, transaction
from django.db.models import FloatField, QuerySet
from django.db.models.expressions import RawSQL

from newsbudget.search.backends import MARK_END, MARK_START, Highlight
from newsbudget.search.syntax import ParsedQuery
from newsbudget.stories.models import Story

SNIPPET_TOKENS = 24
"""Words in a snippet (FTS5's limit is 64)."""

MATCHING_IDS = "SELECT rowid FROM search_storyfts WHERE search_storyfts MATCH %s"
# bm25 weights by column: headline, summary, body, tags, bylines.  bm25 is lower-is-better.
RANK = (
    "SELECT -bm25(search_storyfts, 10.0, 4.0, 1.0, 6.0, 3.0) FROM search_storyfts "
    "WHERE search_storyfts MATCH %s AND rowid = stories_story.id"
)
HIGHLIGHTS = (
    "SELECT rowid, highlight(search_storyfts, 0, %s, %s), "
    "snippet(search_storyfts, 1, %s, %s, '…', %s), "
    "snippet(search_storyfts, 2, %s, %s, '…', %s) "
    "FROM search_storyfts WHERE search_storyfts MATCH %s "
    "AND rowid IN (SELECT value FROM json_each(%s))"
)
REBUILD = "INSERT INTO search_storyfts(search_storyfts) VALUES ('rebuild')"
# FTS5's own check of the index against its external content table (rank 1: compare contents).
INTEGRITY_CHECK = "INSERT INTO search_storyfts(search_storyfts, rank) VALUES ('integrity-check', 1)"


class SQLiteBackend:
    def matching(self, stories: QuerySet[Story], query: ParsedQuery) -> QuerySet[Story]:
        match = query.fts5()
        rank = RawSQL(RANK, [match], output_field=FloatField())  # noqa: S611 - parameters only
        ids = RawSQL(MATCHING_IDS, [match])  # noqa: S611 - parameters only
        return stories.filter(pk__in=ids).annotate(rank=rank)

    def highlights(self, story_ids: Sequence[int], query: ParsedQuery) -> dict[int, Highlight]:
        if not story_ids:
            return {}
        marks = [MARK_START, MARK_END]
        params: list[str | int] = [
            *marks,
            *marks,
            SNIPPET_TOKENS,
            *marks,
            SNIPPET_TOKENS,
            query.fts5(),
            json.dumps(list(story_ids)),
        ]
        with connection.cursor() as cursor:
            cursor.execute(HIGHLIGHTS, params)
            rows = cursor.fetchall()
        return {row[0]: Highlight(headline=row[1], summary=row[2], body=row[3]) for row in rows}

    def documents_written(self, story_ids: Sequence[int] | None) -> None:
        """Triggers index each document as it is written; a full rebuild re-reads them all."""
        if story_ids is None:
            with connection.cursor() as cursor:
                cursor.execute(REBUILD)

    def index_in_step(self) -> bool:
        """FTS5's integrity check: it raises when the index and the documents disagree."""
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(INTEGRITY_CHECK)
        except DatabaseError:
            return False
        return True
