"""When an editorial page changes publicly its cached copies go: content versions, upstream purge.

Pages are cached like the rest of the public site (``ops.httpcache``), under
the ``site`` and ``live`` scopes (``page_scopes``): ``live`` because a landing
page may list a desk's latest stories; ``site`` because the footer of every
page lists the pages marked "show in menus".  So publishing, unpublishing,
moving or deleting a page bumps ``site`` after the commit — every cached page
is rebuilt on its next request, footer included — and enqueues a purge of the
page's own URLs (old and new) and of the sitemap from the upstream cache
(``ops.purge``; nothing when no purge backend is configured).  Editorial pages
change a few times a month, so refreshing everything is the honest price of a
footer that is never stale.

Saving a draft changes nothing a reader sees and touches no cache.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db.models.signals import post_delete
from django.http import HttpRequest
from django.urls import reverse
from wagtail.models import Page
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from newsbudget.stories.freshness import LIVE, SITE
from ops.httpcache.versions import bump_on_commit
from ops.purge.tasks import purge_on_commit


def page_scopes(request: HttpRequest, *args: Any, **kwargs: Any) -> list[str]:
    """What an editorial page is made of: the site around it and, perhaps, Live stories."""
    return [SITE, LIVE]


def absolute(url: str) -> str:
    return url if url.startswith(("http://", "https://")) else f"{settings.SITE_URL}{url}"


def refresh(urls: Iterable[str | None]) -> None:
    """After the commit: bump ``site`` and purge these page URLs and the sitemap upstream."""
    bump_on_commit([SITE])
    paths = [url for url in urls if url]
    purge_on_commit(absolute(url) for url in [*paths, reverse("site:sitemap")])


def page_changed(sender: Any, instance: Page, **kwargs: Any) -> None:
    """A page was published or unpublished (a deleted live page is unpublished first)."""
    refresh([instance.url])


def page_moved(sender: Any, instance: Page, url_path_before: str, **kwargs: Any) -> None:
    if instance.live:
        refresh([url_for_path(url_path_before), instance.url])


def slug_changed(sender: Any, instance: Page, instance_before: Page, **kwargs: Any) -> None:
    if instance.live:
        refresh([instance_before.url, instance.url])


def page_deleted(sender: Any, instance: Page, **kwargs: Any) -> None:
    if instance.live:
        refresh([instance.url])


def url_for_path(url_path: str) -> str | None:
    """The public URL a page had at ``url_path`` (its path in the tree, site root included)."""
    parts = url_path.strip("/").split("/")[1:]
    return reverse("wagtail_serve", args=["".join(f"{part}/" for part in parts)])


def connect() -> None:
    """Wire the receivers; called once from the app's ``ready``."""
    page_published.connect(page_changed, dispatch_uid="pages-fresh-published")
    page_unpublished.connect(page_changed, dispatch_uid="pages-fresh-unpublished")
    page_slug_changed.connect(slug_changed, dispatch_uid="pages-fresh-slug")
    post_page_move.connect(page_moved, dispatch_uid="pages-fresh-moved")
    post_delete.connect(page_deleted, sender=Page, dispatch_uid="pages-fresh-deleted")
