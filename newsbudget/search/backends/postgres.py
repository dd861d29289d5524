"""Search on PostgreSQL: weighted ``tsvector``, GIN index, ``websearch_to_tsquery``, ts_headline.

All through Django's ``django.contrib.postgres.search`` expressions, so no
SQL is written here.  The document's ``vector`` column is written from its
text columns with weights (headline A; tags and summary B; bylines B; body C)
by ``documents_written``, and matched with ``@@`` against the query — which
the GIN index ``search_doc_vector_gin`` (migration 0001) answers.

Each item of the parsed query becomes one ``websearch_to_tsquery`` (a word,
or a quoted phrase); they are combined with SearchQuery's ``|``, ``&`` and
``~`` so the precedence is ``syntax``'s, not websearch's.  The text search
configuration is ``english`` (stemming, stop words), like FTS5's porter
tokenizer on SQLite.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db.models import F, QuerySet, Value
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Replace

from newsbudget.search.backends import MARK_END, MARK_START, Highlight
from newsbudget.search.models import StoryDocument
from newsbudget.search.syntax import ParsedQuery
from newsbudget.stories.models import Story

CONFIG = "english"
SNIPPET_WORDS = 24
STAND_IN_FOR_LT = "\x04"
"""``ts_headline`` parses its text as it would a document, so ``<script>`` in a headline
is a tag to it, and a tag is left out of the highlight: each ``<`` goes in as this control
character (which no document contains, and which the parser takes for a space) and comes
back out as ``<`` — to be escaped with the rest of the text."""


def shown(field: str) -> Replace:
    """``field`` with every ``<`` swapped for the stand-in, as ``ts_headline`` should see it."""
    return Replace(F(field), Value("<"), Value(STAND_IN_FOR_LT))


def restored(text: str) -> str:
    return text.replace(STAND_IN_FOR_LT, "<")


def weighted_vector() -> CombinedExpression:
    return (
        SearchVector("headline", weight="A", config=CONFIG)
        + SearchVector("tags", "summary", weight="B", config=CONFIG)
        + SearchVector("bylines", weight="B", config=CONFIG)
        + SearchVector("body", weight="C", config=CONFIG)
    )


def ts_query(query: ParsedQuery) -> SearchQuery:
    def item(text: str) -> SearchQuery:
        return SearchQuery(text, search_type="websearch", config=CONFIG)

    required, excluded = query.websearch_items()
    choices = [reduce(or_, (item(text) for text in choice)) for choice in required]
    combined: SearchQuery = reduce(and_, choices)
    for text in excluded:
        combined = combined & ~item(text)
    return combined


def headline(field: str, query: SearchQuery) -> SearchHeadline:
    """All of the (short) field with every match marked: for headlines."""
    return SearchHeadline(
        shown(field),
        query,
        config=CONFIG,
        start_sel=MARK_START,
        stop_sel=MARK_END,
        highlight_all=True,
    )


def snippet(field: str, query: SearchQuery) -> SearchHeadline:
    """The passage of the field that best covers the matches, each match marked."""
    return SearchHeadline(
        shown(field),
        query,
        config=CONFIG,
        start_sel=MARK_START,
        stop_sel=MARK_END,
        max_words=SNIPPET_WORDS,
        min_words=12,
    )


class PostgresBackend:
    def matching(self, stories: QuerySet[Story], query: ParsedQuery) -> QuerySet[Story]:
        tsquery = ts_query(query)
        rank = SearchRank(F("search_document__vector"), tsquery, normalization=Value(1))
        return stories.filter(search_document__vector=tsquery).annotate(rank=rank)

    def highlights(self, story_ids: Sequence[int], query: ParsedQuery) -> dict[int, Highlight]:
        if not story_ids:
            return {}
        tsquery = ts_query(query)
        rows = (
            StoryDocument.objects.filter(pk__in=story_ids)
            .annotate(
                marked_headline=headline("headline", tsquery),
                marked_summary=snippet("summary", tsquery),
                marked_body=snippet("body", tsquery),
            )
            .values_list("pk", "marked_headline", "marked_summary", "marked_body")
        )
        return {
            pk: Highlight(headline=restored(h), summary=restored(s), body=restored(b))
            for pk, h, s, b in rows
        }

    def documents_written(self, story_ids: Sequence[int] | None) -> None:
        documents = StoryDocument.objects.all()
        if story_ids is not None:
            documents = documents.filter(pk__in=story_ids)
        documents.update(vector=weighted_vector())

    def index_in_step(self) -> bool:
        """Every document has its vector (a document written but never vectorised has none)."""
        return not StoryDocument.objects.filter(vector__isnull=True).exists()
