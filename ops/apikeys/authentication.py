"""``Authorization: Api-Key <key>`` for Django REST framework, with each key's limits applied.

A keyed request authenticates as an **anonymous user** whose ``request.auth``
is the ``APIKey``: a key never carries anyone's permissions, so it reads
exactly what an anonymous reader may read, and the API's own permission
classes need no change.  In order, before the view runs:

1. A client address (IPv6: its /64) that has failed too many keys
   (``API_KEY_FAILURE_RATE``) gets 429 without its key being looked up, so a
   guess after the limit is worthless even if it is right.
2. The key is checked without the database (shape, ``keys.well_formed``),
   then looked up with one query.  Unknown, revoked and expired keys get 401
   saying which; each such failure counts against the client's address
   (fail closed when the cache is down: those become 429s).
3. A key only reads: any other method gets 403, before any limit is counted.
4. The key's rate limit (its own ``rate``, else ``API_KEY_RATE``) and then its
   daily and monthly quotas (``quotas``) are applied: 429 with a message
   naming the limit and a ``Retry-After``.  Both fail open when the cache is
   down: partners keep reading.

Refusals in steps 1, 4 are logged and counted (``ops.throttle.events``).
Refused requests are neither counted against a quota nor metered.
"""

from __future__ import annotations

import contextlib
import datetime
import math
import time
from typing import NoReturn

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request

from ops.apikeys import conf, quotas, services
from ops.apikeys.models import APIKey
from ops.throttle.clientip import client_network
from ops.throttle.counters import hit
from ops.throttle.events import record_block
from ops.throttle.rates import Rate

KEYWORD = "Api-Key"
BLOCK_PREFIX = "apikeys:blocked"
UNITS = {1: "second", 60: "minute", 3600: "hour", 86400: "day"}


class KeyThrottled(exceptions.Throttled):
    """A 429 whose message is ours alone (DRF's ``Throttled`` appends "Expected available in…")."""

    def __init__(self, *, wait: int, detail: str) -> None:
        exceptions.APIException.__init__(self, detail)
        self.wait = max(1, math.ceil(wait))


class APIKeyAuthentication(BaseAuthentication):
    """``Authorization: Api-Key <key>``: an anonymous reader with the key's own limits."""

    def authenticate(self, request: Request) -> tuple[AnonymousUser, APIKey] | None:
        parts = request._request.META.get("HTTP_AUTHORIZATION", "").split()
        if not parts or parts[0].lower() != KEYWORD.lower():
            return None
        http_request = request._request
        now = timezone.now()
        refuse_blocked_address(http_request)
        if len(parts) != 2:
            fail(http_request, f"Invalid API key header: send `{KEYWORD} <key>`.")
        try:
            key = services.find_key(parts[1], now=now)
        except services.KeyRefused as refused:
            fail(http_request, refused.message)
        if request.method not in SAFE_METHODS:
            raise exceptions.PermissionDenied(
                "API keys can only read: GET, HEAD and OPTIONS. Changes need a newsroom account."
            )
        apply_rate_limit(http_request, key)
        apply_quotas(http_request, key, now)
        return AnonymousUser(), key

    def authenticate_header(self, request: Request) -> str:
        return KEYWORD


def refuse_blocked_address(request: HttpRequest) -> None:
    """429 for an address that failed too many keys recently (one cache read)."""
    try:
        until = cache.get(block_name(request))
    except Exception:  # the failure count below still fails closed
        return
    if until is not None and until > time.time():
        raise KeyThrottled(wait=until - time.time(), detail=too_many_failures(until))


def fail(request: HttpRequest, message: str) -> NoReturn:
    """Count a failed key against the client's address, then refuse: 401, or 429 past the limit."""
    bucket = f"apikeys:failed:{client_network(request)}"
    decision = hit(bucket, conf.failure_rate(), fail_open=False)
    if decision.cache_down:
        record_block(request, "api-key-invalid", f"{message} (cache down)")
        raise KeyThrottled(
            wait=decision.retry_after,
            detail=f"{message} Failed attempts cannot be counted right now, so they are "
            f"refused for a while: try again in {decision.retry_after} seconds.",
        )
    if not decision.allowed:
        until = time.time() + decision.retry_after
        # Without the cache the request is still refused below, and so is the next failure.
        with contextlib.suppress(Exception):
            cache.set(block_name(request), until, timeout=decision.retry_after)
        record_block(request, "api-key-invalid", message)
        raise KeyThrottled(wait=decision.retry_after, detail=too_many_failures(until))
    raise exceptions.AuthenticationFailed(message)


def block_name(request: HttpRequest) -> str:
    return f"{BLOCK_PREFIX}:{client_network(request)}"


def too_many_failures(until: float) -> str:
    seconds = max(1, math.ceil(until - time.time()))
    return (
        "Too many failed API key attempts from your address; "
        f"try again in {seconds:,} seconds with a valid key."
    )


def rate_of(key: APIKey) -> Rate:
    return Rate.parse(key.rate) if key.rate else conf.default_rate()


def describe(rate: Rate) -> str:
    """``600 requests per minute``, ``5 requests per 10 minutes``.

    >>> describe(Rate(600, 60)), describe(Rate(5, 600)), describe(Rate(1, 90))
    ('600 requests per minute', '5 requests per 10 minutes', '1 request per 90 seconds')
    """
    noun = "request" if rate.limit == 1 else "requests"
    if rate.period in UNITS:
        return f"{rate.limit:,} {noun} per {UNITS[rate.period]}"
    for seconds, unit in sorted(UNITS.items(), reverse=True):
        if rate.period % seconds == 0:
            return f"{rate.limit:,} {noun} per {rate.period // seconds:,} {unit}s"
    raise AssertionError("every period is a whole number of seconds")  # pragma: no cover


def apply_rate_limit(request: HttpRequest, key: APIKey) -> None:
    rate = rate_of(key)
    decision = hit(f"apikeys:key:{key.pk}", rate, fail_open=True)
    if not decision.allowed:
        record_block(request, "api-key-rate", key.prefix)
        raise KeyThrottled(
            wait=decision.retry_after,
            detail=f"This API key's rate limit of {describe(rate)} is used up; "
            f"try again in {decision.retry_after:,} seconds.",
        )


def apply_quotas(request: HttpRequest, key: APIKey, now: datetime.datetime) -> None:
    over = quotas.consume(key, now=now)
    if over is not None:
        record_block(request, "api-key-quota", f"{key.prefix} {over.quota.period}")
        raise KeyThrottled(wait=over.retry_after, detail=over.message)
