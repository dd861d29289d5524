"""Which public URLs an upstream cache (nginx, a CDN) must drop when a story or a desk changes.

``freshness`` decides *when* public content changed (a Live story saved,
published, unpublished or deleted; a desk changed) and bumps the app's content
versions; at the same moments it calls these functions, which name the pages
an upstream cache may hold for that content and enqueue one purge task for
them after the commit (``ops.purge``).  Nothing is enqueued, and no query run,
when no purge backend is configured.

For a story: its page (under its old and new slug), its desk's front and
feeds (old and new desk), the home page, and the API's list and the story's
detail.  For a desk: its front and feeds, the home page, the API's desk and
story lists.  Only these exact URLs are purged: the shipped nginx config
caches nothing else (no query strings, so ``?page=2`` always comes from the
app's own, version-keyed cache).  Other pages that merely mention the change —
another story's "latest on this desk" box, the navigation after a desk is
renamed, bylines after a person is renamed — are fresh in the app at once and
in the upstream cache within ``HTTPCACHE_S_MAXAGE`` seconds.

URLs are absolute, on ``SITE_URL``: CDNs purge by full URL, and the nginx
purge reads scheme and host from it.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse

from newsbudget.desks.models import Desk
from ops.purge.backends import purge_enabled
from ops.purge.tasks import purge_on_commit


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def desk_paths(slug: str) -> list[str]:
    return [
        reverse("site:desk", kwargs={"slug": slug}),
        reverse("site:desk_rss", kwargs={"slug": slug}),
        reverse("site:desk_atom", kwargs={"slug": slug}),
    ]


def story_paths(*, story_id: int, slugs: Iterable[str], desk_slugs: Iterable[str]) -> list[str]:
    """Every public path showing this story, or listing it, that an upstream cache may hold."""
    paths = [
        reverse("site:home"),
        reverse("api:story-list"),
        reverse("api:story-detail", kwargs={"id": story_id}),
    ]
    paths += [reverse("site:story", kwargs={"slug": slug}) for slug in sorted(slugs)]
    for desk_slug in sorted(desk_slugs):
        paths += desk_paths(desk_slug)
    return paths


def purge_story_on_commit(*, story_id: int, slugs: set[str], desk_ids: set[int]) -> None:
    """After the commit, purge the pages of a story that is, or was, Live."""
    if not purge_enabled():
        return
    desk_slugs = Desk.objects.filter(pk__in=desk_ids).values_list("slug", flat=True)
    paths = story_paths(story_id=story_id, slugs=slugs, desk_slugs=desk_slugs)
    purge_on_commit(absolute(path) for path in paths)


def purge_desk_on_commit(*, slug: str) -> None:
    """After the commit, purge the pages that show a desk's name or its list of stories."""
    if not purge_enabled():
        return
    paths = [reverse("site:home"), reverse("api:desks"), reverse("api:story-list")]
    purge_on_commit(absolute(path) for path in [*paths, *desk_paths(slug)])
