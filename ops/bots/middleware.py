"""Refuse configured bad user agents with 403, before any other work is done for them.

Abusive crawlers named in ``BOT_BLOCKED_USER_AGENTS`` are told ``Disallow: /``
in robots.txt; the ones that ignore it are refused here.  robots.txt itself
stays readable, so a crawler that does honour it can learn it is unwelcome.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase

from ops.bots.agents import matching_token
from ops.throttle.events import record_block

ALWAYS_READABLE = ("/robots.txt",)


class BlockBadUserAgentsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.path not in ALWAYS_READABLE:
            user_agent = request.headers.get("User-Agent", "")
            token = matching_token(user_agent, getattr(settings, "BOT_BLOCKED_USER_AGENTS", []))
            if token is not None:
                record_block(request, "bad-user-agent", f"token={token}")
                return HttpResponse(
                    "This user agent is not allowed to crawl this site.\n",
                    status=403,
                    content_type="text/plain; charset=utf-8",
                )
        return self.get_response(request)
