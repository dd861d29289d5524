"""What each public page is made of, in content-version scopes (see ``stories.freshness``).

``ops.httpcache.public_page`` turns these answers into ETags, 304s and page
cache keys.  Each function answers from the cache alone on the hot path, so a
revalidation or a cached page costs no query and no rendering; it returns None
for something that does not exist (an unknown desk, a story that is not Live),
which is then rendered (as a 404) and never cached.
"""

from __future__ import annotations

from django.http import HttpRequest

from newsbudget.readership.queries import most_read_scope
from newsbudget.stories.freshness import (
    LIVE,
    SITE,
    desk_scope,
    known_desk,
    story_route,
    story_scope,
)
from ops.httpcache import versions
from ops.httpcache.decorators import page_number

PAGINATED = {"page": page_number}


def home_scopes(request: HttpRequest) -> list[str]:
    return [SITE, LIVE]


def sitemap_scopes(request: HttpRequest, sitemaps: object) -> list[str]:
    """The sitemap lists Live stories and desks: the same content as the home page."""
    return [SITE, LIVE]


def desk_scopes(request: HttpRequest, slug: str) -> list[str] | None:
    """A desk front or feed: the desk's Live stories and the site around them."""
    if not known_desk(slug):
        return None
    return [SITE, desk_scope(slug)]


def desk_front_scopes(request: HttpRequest, slug: str) -> list[str] | None:
    """A desk front: what its feeds show, and its most-read list (bumped only when it changes)."""
    scopes = desk_scopes(request, slug)
    return None if scopes is None else [*scopes, most_read_scope(slug)]


def story_scopes(request: HttpRequest, slug: str) -> list[str] | None:
    """A story page: the story, its desk's latest box, and the site around them."""
    route = story_route(slug)
    if route is None:
        return None
    story_id, desk_slug = route
    return [SITE, story_scope(story_id), desk_scope(desk_slug)]


def fragment_version(scopes: list[str]) -> str:
    """One string naming the current versions of ``scopes``, for a ``{% cache %}`` fragment key."""
    return "-".join(str(number) for number in versions.current(scopes).values())
