"""Searching stories: match, filter, locate, count, facet, order, page and highlight.

One code path for every engine and every audience.  ``search_stories`` runs a
validated ``SearchParams`` over either the Live stories (the public site and
the API) or every story (the newsroom), and returns plain data
(``SearchResults``) that a template or a serializer renders without another
query.  The engine is only asked which stories match and how well, and for
the highlighted text of the page shown (``backends``); filters, facets,
distance and pagination are ordinary ORM.

Public results are cached for ``SEARCH_CACHE_SECONDS`` under the ``site`` and
``live`` content versions (``stories.freshness``), so publishing, editing a
Live story or renaming a desk makes every cached public search stale at once;
and under ``search``, bumped once the index itself has changed for a public
story (``services``), so a search between a publish and its indexing cannot
keep the old answer cached.
Staff searches are never cached: an editor expects a draft's edit to show.
"""

from __future__ import annotations

import datetime
import hashlib
import math
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, F, QuerySet
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from newsbudget.search import geo
from newsbudget.search.backends import MARK_END, MARK_START, Highlight, search_backend
from newsbudget.search.forms import DISTANCE, RELEVANCE, SearchParams
from newsbudget.stories.freshness import LIVE, SITE
from newsbudget.stories.models import Status, Story, Tag
from newsbudget.stories.queries import with_relations
from ops.httpcache import versions

SEARCH = "search"
"""A content-version scope of its own, bumped after the index changes for public stories."""
TAG_FACETS = 15
SUMMARY_CHARACTERS = 300


@dataclass(frozen=True)
class Facet:
    slug: str
    name: str
    count: int


@dataclass(frozen=True)
class Hit:
    story_id: int
    slug: str
    url: str
    status: str
    headline_html: SafeString
    snippet_html: SafeString
    desk_name: str
    desk_slug: str
    byline: str
    tags: tuple[str, ...]
    published_at: datetime.datetime | None
    word_count: int
    location_name: str
    distance_km: float | None
    rank: float | None


@dataclass(frozen=True)
class SearchResults:
    hits: tuple[Hit, ...]
    total: int
    page: int
    pages: int
    page_size: int
    desks: tuple[Facet, ...]
    tags: tuple[Facet, ...]


def search_stories(params: SearchParams, *, staff: bool = False) -> SearchResults:
    """The page of results ``params`` asks for, public (Live only) unless ``staff``."""
    if staff or settings.SEARCH_CACHE_SECONDS <= 0:
        return run_search(params, staff=staff)
    key = cache_key(params)
    results = cache.get(key)
    if results is None:
        results = run_search(params, staff=False)
        cache.set(key, results, settings.SEARCH_CACHE_SECONDS)
    return results


def cache_key(params: SearchParams) -> str:
    """A key naming the public content versions and the parameters (hashed: any input fits).

    >>> from newsbudget.search.syntax import parse
    >>> one, other = SearchParams(query=parse("Flood")), SearchParams(query=parse(" flood "))
    >>> cache_key(one) == cache_key(other)
    True
    """
    numbers = "-".join(str(n) for n in versions.current([SITE, LIVE, SEARCH]).values())
    digest = hashlib.sha256(params.cache_key_material().encode()).hexdigest()[:40]
    return f"search:public:{numbers}:{digest}"


def run_search(params: SearchParams, *, staff: bool) -> SearchResults:
    stories = filtered(
        Story.objects.all() if staff else Story.objects.filter(status=Status.LIVE), params
    )
    if params.query is not None:
        stories = search_backend().matching(stories, params.query)
    if params.near is not None:
        stories = geo.within(stories, params.near)
    total = stories.count()
    size = settings.PAGE_SIZE
    start = (params.page - 1) * size
    page = (
        list(with_relations(ordered(stories, params.sort))[start : start + size])
        if total > start
        else []
    )
    highlights = {}
    if params.query is not None and page:
        highlights = search_backend().highlights([story.pk for story in page], params.query)
    matched_ids = stories.values("pk")
    return SearchResults(
        hits=tuple(hit_of(story, highlights.get(story.pk), staff=staff) for story in page),
        total=total,
        page=params.page,
        pages=max(1, math.ceil(total / size)),
        page_size=size,
        desks=desk_facets(matched_ids) if total else (),
        tags=tag_facets(matched_ids) if total else (),
    )


def filtered(stories: QuerySet[Story], params: SearchParams) -> QuerySet[Story]:
    """``stories`` narrowed by desk, tag, publication dates and length."""
    if params.desk:
        stories = stories.filter(desk__slug=params.desk)
    if params.tag:
        stories = stories.filter(tags__slug=params.tag)
    if params.published_from is not None:
        stories = stories.filter(published_at__date__gte=params.published_from)
    if params.published_to is not None:
        stories = stories.filter(published_at__date__lte=params.published_to)
    if params.min_words is not None:
        stories = stories.filter(word_count__gte=params.min_words)
    if params.max_words is not None:
        stories = stories.filter(word_count__lte=params.max_words)
    return stories


def ordered(stories: QuerySet[Story], sort: str) -> QuerySet[Story]:
    """By relevance, by distance (nearest first) or newest first; ties newest first."""
    newest = [F("published_at").desc(nulls_last=True), F("pk").desc()]
    if sort == RELEVANCE:
        return stories.order_by(F("rank").desc(), *newest)
    if sort == DISTANCE:
        return stories.order_by(F("distance_km").asc(), *newest)
    return stories.order_by(*newest)


def desk_facets(matched_ids: QuerySet[Story, Any]) -> tuple[Facet, ...]:
    rows = (
        Story.objects.filter(pk__in=matched_ids)
        .values("desk__slug", "desk__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "desk__name")
    )
    return tuple(Facet(row["desk__slug"], row["desk__name"], row["count"]) for row in rows)


def tag_facets(matched_ids: QuerySet[Story, Any]) -> tuple[Facet, ...]:
    rows = (
        Tag.objects.filter(stories__in=matched_ids)
        .values("slug", "name")
        .annotate(count=Count("stories"))
        .order_by("-count", "name")[:TAG_FACETS]
    )
    return tuple(Facet(row["slug"], row["name"], row["count"]) for row in rows)


def hit_of(story: Story, highlight: Highlight | None, *, staff: bool) -> Hit:
    url = reverse("stories:detail", kwargs={"pk": story.pk}) if staff else story.get_absolute_url()
    return Hit(
        story_id=story.pk,
        slug=story.slug,
        url=url,
        status=story.status,
        headline_html=marked_html(highlight.headline) if highlight else escape(story.headline),
        snippet_html=snippet_html(story, highlight),
        desk_name=story.desk.name,
        desk_slug=story.desk.slug,
        byline=story.byline,
        tags=tuple(tag.name for tag in story.tags.all()),
        published_at=story.published_at,
        word_count=story.word_count,
        location_name=story.location_name,
        distance_km=getattr(story, "distance_km", None),
        rank=getattr(story, "rank", None),
    )


def snippet_html(story: Story, highlight: Highlight | None) -> SafeString:
    """The body's matching passage if it has one, else the summary's (marked, escaped)."""
    if highlight is not None:
        for text in (highlight.body, highlight.summary):
            if MARK_START in text:
                return marked_html(text)
        if highlight.summary:
            return marked_html(highlight.summary)
    return escape(Truncator(story.summary).chars(SUMMARY_CHARACTERS))


def marked_html(text: str) -> SafeString:
    """``text`` escaped, its match markers turned into ``<mark>`` elements.

    >>> marked_html("Flood <b>\\x02warning\\x03</b> & more")
    'Flood &lt;b&gt;<mark>warning</mark>&lt;/b&gt; &amp; more'
    """
    escaped = str(escape(text))
    return mark_safe(escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))  # noqa: S308 - escaped above
