"""The request's database routing state, and read-your-writes across requests.

Every request runs inside a fresh routing scope (``ops.dbrouting.state``).  A
request that wrote to the database (a form, a sign-in, an API call; anything
routed through ``db_for_write``) gets a short cookie back, and while it lasts
the client's requests read from the primary even on pages that would use a
replica: an editor who publishes and then opens the public page sees what they
just did, whatever the replicas' lag.  Other readers are not affected; they see
the change as soon as their replica has replayed it (normally well under a
second; at most ``DATABASE_REPLICA_MAX_LAG_SECONDS``, beyond which a replica is
not read from).

The cookie holds nothing but "1" and lasts ``DATABASE_PRIMARY_AFTER_WRITE_SECONDS``
(0 turns it off); it is HttpOnly, SameSite=Lax, and Secure whenever the
session cookie is.  It is set only when replicas are configured.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

from ops.config.databases import is_replica_alias
from ops.dbrouting.state import routing_scope

COOKIE = "use_primary"


class DatabaseRoutingMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.replicated = any(is_replica_alias(alias) for alias in settings.DATABASES)

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        with routing_scope() as state:
            state.pinned = request.COOKIES.get(COOKIE) == "1"
            response = self.get_response(request)
            seconds = int(getattr(settings, "DATABASE_PRIMARY_AFTER_WRITE_SECONDS", 0))
            if state.wrote and self.replicated and seconds > 0:
                response.set_cookie(
                    COOKIE,
                    "1",
                    max_age=seconds,
                    httponly=True,
                    samesite="Lax",
                    secure=bool(settings.SESSION_COOKIE_SECURE),
                )
        return response
