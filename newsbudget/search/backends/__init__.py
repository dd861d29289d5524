"""The full-text engines behind search, one per database, chosen by the database in use.

Each backend answers the same four questions (``SearchBackend``): which
stories match a parsed query, and how well (a ``rank`` annotation, higher is
better); how to show the matches of a page of results (``highlights``); how
to bring its index up to date after documents were written
(``documents_written``); and whether it is (``index_in_step``).  Everything
else — visibility, filters, facets, distance, ordering, pagination, caching —
is ordinary ORM code in ``queries``, shared by both.

The backend follows ``connection.vendor`` rather than a setting of its own:
the index lives in the database (an FTS5 table on SQLite, a GIN-indexed
``tsvector`` on PostgreSQL), so the engine is decided by ``DATABASE_URL``
and cannot disagree with it.  An external engine (OpenSearch) would be a
third class here; none is shipped (docs/search.md says why).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from django.db import connection
from django.db.models import QuerySet

from newsbudget.search.syntax import ParsedQuery
from newsbudget.stories.models import Story

MARK_START = "\x02"
MARK_END = "\x03"
"""Around each match in a backend's highlights; control characters no document contains."""


@dataclass(frozen=True)
class Highlight:
    """A result's text with matches between ``MARK_START`` and ``MARK_END`` (not yet escaped)."""

    headline: str
    summary: str
    body: str


class SearchBackend(Protocol):
    def matching(self, stories: QuerySet[Story], query: ParsedQuery) -> QuerySet[Story]:
        """``stories`` that match ``query``, annotated with ``rank`` (higher is better)."""

    def highlights(self, story_ids: Sequence[int], query: ParsedQuery) -> dict[int, Highlight]:
        """The marked-up text of each story in ``story_ids`` (one query)."""

    def documents_written(self, story_ids: Sequence[int] | None) -> None:
        """Bring the index up to date with documents just written (None: all of them)."""

    def index_in_step(self) -> bool:
        """Whether the engine's index holds every document exactly as written."""


def search_backend() -> SearchBackend:
    """The backend for the default database's engine."""
    if connection.vendor == "postgresql":
        from newsbudget.search.backends.postgres import PostgresBackend

        return PostgresBackend()
    from newsbudget.search.backends.sqlite import SQLiteBackend

    return SQLiteBackend()
