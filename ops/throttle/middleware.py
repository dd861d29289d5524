"""Apply the ``RATE_LIMITS`` rules to each request, by the route it resolved to.

Runs in ``process_view``, after authentication (per-user limits need the
user) and after URL resolution (rules name routes, not path patterns).  The
first rule that refuses wins; its 429 names the limit and when to retry, and
the refusal is logged and counted (``events``).

Verified crawlers (``ops.bots.crawlers``) skip the rules that say so, and
requests carrying an API key skip the rules that leave them to the API's own
per-key limits.  Anonymous-only rules count every request from an address
but never refuse a signed-in user (see ``signed_in_and_spared``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import TooManyFieldsSent
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponseBase

from ops.bots.crawlers import is_verified_crawler
from ops.throttle.clientip import client_network
from ops.throttle.counters import hit
from ops.throttle.events import record_block
from ops.throttle.responses import too_many_requests
from ops.throttle.rules import Rule, compile_rules

_compiled: list[Rule] | None = None
MAX_PAGE_DIGITS = 9


def active_rules() -> list[Rule]:
    """The compiled ``RATE_LIMITS``, recompiled when a test overrides the setting."""
    global _compiled
    if _compiled is None:
        _compiled = compile_rules(getattr(settings, "RATE_LIMITS", {}))
    return _compiled


@receiver(setting_changed)
def _forget_rules(setting: str, **kwargs: Any) -> None:
    global _compiled
    if setting in ("RATE_LIMITS",):
        _compiled = None


class RateLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponseBase | None:
        match = request.resolver_match
        if match is None:
            return None
        route = match.view_name
        for rule in active_rules():
            if not rule.covers(route, request.method or "GET") or exempt(rule, request):
                continue
            bucket = f"{rule.name}:{identity(rule, request)}"
            decision = hit(bucket, rule.rate, fail_open=rule.fail_open)
            if not decision.allowed and not signed_in_and_spared(rule, request):
                return refuse(request, rule, decision.retry_after, decision.cache_down)
        return None


def exempt(rule: Rule, request: HttpRequest) -> bool:
    """Whether ``request`` is outside ``rule`` although its route is covered."""
    if rule.min_page and page_number(request) < rule.min_page:
        return True
    if rule.exempt_api_keys and carries_api_key(request):
        return True
    return rule.exempt_verified_crawlers and is_verified_crawler(request)


def signed_in_and_spared(rule: Rule, request: HttpRequest) -> bool:
    """Whether an over-limit request escapes an anonymous-only rule because a user is signed in.

    Asked only once the count is over the limit, so the session and user are
    loaded for nobody on ordinary traffic (a feed or a cached page reads no
    session), while a scraper sending a made-up session cookie is still refused.
    """
    if not rule.anonymous_only or settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    return bool(request.user.is_authenticated)


def carries_api_key(request: HttpRequest) -> bool:
    scheme, _, _ = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "api-key"


def identity(rule: Rule, request: HttpRequest) -> str:
    """What ``rule`` counts this request against: a user, or the client's address."""
    if rule.by == "user-or-ip" and request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return f"ip:{client_network(request)}"


def page_number(request: HttpRequest) -> int:
    """The ``?page=`` asked for; 1 when absent or not a plain decimal number.

    >>> from django.test import RequestFactory
    >>> [page_number(RequestFactory().get("/", {"page": p})) for p in ["7", "²", "-2", "x"]]
    [7, 1, 1, 1]
    """
    try:
        raw = request.GET.get("page", "")
    except TooManyFieldsSent:
        return 1  # the view answers the malformed query string itself
    if raw.isascii() and raw.isdigit() and len(raw) <= MAX_PAGE_DIGITS:
        return int(raw)
    return 1


def refuse(
    request: HttpRequest, rule: Rule, retry_after: int, cache_down: bool
) -> HttpResponseBase:
    if cache_down:
        message = "This action is briefly unavailable. Please try again shortly."
        detail = "cache unavailable, failing closed"
    else:
        message = (
            f"Too many requests: the limit here is {rule.rate.limit} per "
            f"{describe_period(rule.rate.period)}."
        )
        detail = f"limit={rule.rate}"
    record_block(request, f"rate:{rule.name}", detail)
    return too_many_requests(
        request, retry_after=retry_after, message=message, reason=f"rate:{rule.name}"
    )


def describe_period(seconds: int) -> str:
    """
    >>> describe_period(60), describe_period(3600), describe_period(600), describe_period(45)
    ('minute', 'hour', '10 minutes', '45 seconds')
    """
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds % size == 0:
            count = seconds // size
            return unit if count == 1 else f"{count} {unit}s"
    return f"{seconds} seconds"
