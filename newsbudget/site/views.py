"""Public pages: the home page, desk fronts and story pages.

Each view reads through ``newsbudget.stories.queries.live_stories`` and its
desk-scoped sibling, so every page shows Live stories only, with desk, bylines
and tags already fetched; a story in any other status simply does not exist
here (404), whoever asks.
"""

from __future__ import annotations

import datetime

from django.core.paginator import Page
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from newsbudget.desks.models import Desk
from newsbudget.experiments.queries import running_tests_on
from newsbudget.readership.queries import most_read_on, most_read_scope
from newsbudget.site.caching import fragment_version, home_scopes
from newsbudget.site.pagination import page_of
from newsbudget.stories.freshness import SITE, desk_scope
from newsbudget.stories.models import Story
from newsbudget.stories.queries import live_stories, live_stories_on, readable_stories
from ops.httpcache import versions

LATEST_ON_DESK = 5


def headline_tests_on(page: Page[Story]) -> SimpleLazyObject:
    """The running headline tests of the page's stories, read only if the list is rendered.

    The story list is a cached fragment: when it comes from the cache, the
    query never runs.  Every variant goes into the page (docs/ab-testing.md).
    """
    return SimpleLazyObject(lambda: running_tests_on(page.object_list))


def home(request: HttpRequest) -> HttpResponse:
    """The latest Live stories from every desk, newest first.

    The story list is a fragment cached under the ``site`` and ``live``
    versions, for readers who bypass the page cache (anyone signed in).
    """
    page = page_of(request, live_stories())
    context = {
        "page": page,
        "list_version": fragment_version(home_scopes(request)),
        "headline_tests": headline_tests_on(page),
    }
    return render(request, "site/home.html", context)


def desk_front(request: HttpRequest, slug: str) -> HttpResponse:
    """One desk's Live stories, newest first, and its most-read stories.

    The most-read box is a fragment cached under its own scope, which the
    page-view flush bumps only when the ranking changes, and under the day
    (the ranking covers the last ``MOST_READ_DAYS`` days up to today).
    """
    desk = get_object_or_404(Desk, slug=slug)
    today = timezone.now().astimezone(datetime.UTC).date()
    most_read_version = fragment_version([SITE, desk_scope(desk.slug), most_read_scope(desk.slug)])
    page = page_of(request, live_stories_on(desk))
    context = {
        "desk": desk,
        "page": page,
        "headline_tests": headline_tests_on(page),
        "list_version": fragment_version([SITE, desk_scope(desk.slug)]),
        "most_read": most_read_on(desk, today=today),
        "most_read_version": f"{most_read_version}-{today.isoformat()}",
    }
    return render(request, "site/desk.html", context)


def story_page(request: HttpRequest, slug: str) -> HttpResponse:
    """A Live or archived story in full; any other status is a 404, so drafts never leak.

    The "latest on this desk" box is a fragment cached under the desk's content
    version: its query runs only when that desk's Live stories have changed.
    """
    story = get_object_or_404(readable_stories(), slug=slug)
    desk_key = desk_scope(story.desk.slug)
    context = {
        "story": story,
        "desk_version": versions.current([desk_key])[desk_key],
        "latest_on_desk": live_stories_on(story.desk).exclude(pk=story.pk)[:LATEST_ON_DESK],
    }
    return render(request, "site/story.html", context)
