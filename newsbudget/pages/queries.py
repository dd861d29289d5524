"""Reads for the editorial pages: the footer's links, a desk's latest stories, the sitemap's pages.

The footer is on every page of the site, so its list of pages is cached under
the ``site`` content version (bumped whenever a page is published, unpublished,
moved or deleted: ``freshness``): rendering a page costs one cache read for it,
not a query.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import QuerySet
from wagtail.models import Page

from newsbudget.desks.models import Desk
from newsbudget.stories.freshness import SITE
from newsbudget.stories.models import Story
from newsbudget.stories.queries import live_stories_on
from ops.httpcache import versions

FOOTER_TIMEOUT = 24 * 3600


def public_pages() -> QuerySet[Page]:
    """Pages any reader may see: live, with no view restriction, in tree order."""
    return Page.objects.live().public().filter(depth__gt=1).order_by("path")


def footer_links() -> list[tuple[str, str]]:
    """(title, url) of each live page marked "show in menus", for the footer of every page."""
    site_version = versions.current([SITE])[SITE]
    key = f"pages:footer:{site_version}"
    links = cache.get(key)
    if links is None:
        pages = public_pages().filter(show_in_menus=True)
        links = [(page.title, page.url) for page in pages if page.url]
        cache.set(key, links, FOOTER_TIMEOUT)
    return links


def latest_stories_of(desk_slug: str, count: int) -> tuple[Desk | None, list[Story]]:
    """A desk and its ``count`` newest Live stories; (None, []) for a desk that is gone."""
    desk = Desk.objects.filter(slug=desk_slug).first()
    if desk is None:
        return None, []
    return desk, list(live_stories_on(desk)[:count])
