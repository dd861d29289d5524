"""/sitemap.xml: every Live story, every desk front and every public editorial page (Wagtail).

Publishing or unpublishing an editorial page bumps the ``site`` scope the
sitemap is cached under (``newsbudget.pages.freshness``), so it is never stale.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from newsbudget.desks.models import Desk
from newsbudget.pages.queries import public_pages
from newsbudget.stories import queries
from newsbudget.stories.models import Story

STORIES_PER_SITEMAP_PAGE = 5000


class StorySitemap(Sitemap[Story]):
    changefreq = "hourly"
    limit = STORIES_PER_SITEMAP_PAGE

    def items(self) -> QuerySet[Story]:
        live = queries.live_stories().select_related(None).prefetch_related(None)
        return live.only("slug", "updated_at").order_by("-published_at", "-id")

    def lastmod(self, item: Story) -> datetime.datetime:
        return item.updated_at


class DeskSitemap(Sitemap[Desk]):
    changefreq = "hourly"

    def items(self) -> QuerySet[Desk]:
        return Desk.objects.order_by("position", "name")


class PageSitemap(Sitemap[Any]):
    """Editorial pages: live, public, in tree order."""

    changefreq = "weekly"

    def items(self) -> QuerySet[Any]:
        return public_pages()

    def location(self, item: Any) -> str:
        return str(item.url)

    def lastmod(self, item: Any) -> datetime.datetime | None:
        return item.last_published_at


SITEMAPS: dict[str, type[Sitemap[Any]] | Sitemap[Any]] = {
    "stories": StorySitemap,
    "desks": DeskSitemap,
    "pages": PageSitemap,
}


def sitemap_xml(
    request: HttpRequest, sitemaps: dict[str, type[Sitemap[Any]] | Sitemap[Any]]
) -> HttpResponse:
    """Django's sitemap view, rendered at once so the page cache can store its bytes."""
    response = sitemap(request, sitemaps)
    response.render()
    return response
