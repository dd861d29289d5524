"""The page-view beacon: the story page's script POSTs here once per view, past every cache.

Story pages are served from the page cache, nginx and a CDN, so the view
that renders them runs for a small share of readers; this endpoint is never
cached (a POST, ``private, no-store``) and is what counts.  It must cost
almost nothing: the story is found by ``story_route`` (cached, no query on
the hot path), the count is one cache ``incr``, and the answer is an empty
204.  It never writes the database.

Answers: 204 counted (or deliberately not: a bot, or the cache is down);
404 for a slug that is not a Live or archived story (nothing counted); 403 for a beacon
another site's page sent (``Sec-Fetch-Site: cross-site``); 405 for any
method but POST; 429 from the ``page_views`` rate limit (``RATE_LIMITS``).

It is exempt from CSRF because it reads no credential and changes nothing a
forged request could not change by itself: anyone may POST a view, and the
rate limit, not a token, bounds how many one client counts.  The beacon
carries no body, so there is no token to send.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from newsbudget.readership import services
from newsbudget.stories.freshness import story_route
from ops.bots.agents import is_known_bot


@csrf_exempt
@require_POST
def story_view(request: HttpRequest, slug: str) -> HttpResponse:
    """Count one view of the Live (or archived) story at ``slug``."""
    route = story_route(slug)
    if route is None:
        return HttpResponse("No such story.", status=404, content_type="text/plain")
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        return HttpResponse("Views are counted from this site's pages only.", status=403,
                            content_type="text/plain")  # fmt: skip
    if not is_known_bot(request.headers.get("User-Agent", "")):
        story_id, _desk_slug = route
        services.count_view(story_id=story_id)
    return HttpResponse(status=204)
