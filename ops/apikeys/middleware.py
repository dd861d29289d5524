"""Meter every response to a request that an API key authenticated: its route and its size.

Placed last in ``MIDDLEWARE`` (innermost), so it sees the response exactly
as the view rendered it: Django renders a DRF ``Response`` before any
middleware's response phase, so ``len(response.content)`` is the body the
client gets (before any compression a proxy may add).  Requests the key
limits refused never set ``request.auth`` (DRF clears it when authentication
raises), so they are not metered, just as they are not counted against a
quota.  Other requests pay one attribute lookup.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.utils import timezone

from ops.apikeys import metering
from ops.apikeys.endpoints import endpoint_of
from ops.apikeys.models import APIKey


class APIKeyMeteringMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        key = getattr(request, "auth", None)
        if isinstance(key, APIKey):
            metering.record(
                key_id=key.pk,
                endpoint=endpoint_of(request),
                response_bytes=size_of(response),
                now=timezone.now(),
            )
        return response


def size_of(response: HttpResponseBase) -> int:
    """The body's length in bytes; 0 for a streamed body (its length is not known here)."""
    if response.streaming:
        return 0
    return len(response.content)  # type: ignore[attr-defined]
