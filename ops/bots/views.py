"""/robots.txt, generated from settings: blocked agents, disallowed paths and the sitemap.

>>> print(robots_txt(blocked=["GPTBot"], disallow=["/admin/"],
...                  sitemap="https://news.example/sitemap.xml"), end="")
User-agent: GPTBot
Disallow: /
<BLANKLINE>
User-agent: *
Disallow: /admin/
<BLANKLINE>
Sitemap: https://news.example/sitemap.xml
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

ROBOTS_MAX_AGE = 3600


@require_safe
@cache_control(public=True, max_age=ROBOTS_MAX_AGE)
def robots(request: HttpRequest) -> HttpResponse:
    body = robots_txt(
        blocked=getattr(settings, "BOT_BLOCKED_USER_AGENTS", []),
        disallow=getattr(settings, "ROBOTS_DISALLOW", []),
        sitemap=getattr(settings, "ROBOTS_SITEMAP_URL", ""),
    )
    return HttpResponse(body, content_type="text/plain; charset=utf-8")


def robots_txt(*, blocked: Iterable[str], disallow: Iterable[str], sitemap: str) -> str:
    """The robots.txt text: one ``Disallow: /`` group per blocked agent, then everyone else."""
    groups = [f"User-agent: {agent}\nDisallow: /\n" for agent in blocked]
    rules = "".join(f"Disallow: {path}\n" for path in disallow) or "Disallow:\n"
    groups.append(f"User-agent: *\n{rules}")
    text = "\n".join(groups)
    if sitemap:
        text += f"\nSitemap: {sitemap}\n"
    return text
