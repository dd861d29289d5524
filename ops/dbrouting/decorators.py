"""``replica_reads``: how a view says its reads may come from a replica.

A view opts in explicitly, where it is routed (``newsbudget/site/urls.py``
wraps every public page), rather than a middleware guessing from the path: a
new staff page can never read stale data by accident, and whether a page is
replica-safe is decided by the person who knows what it shows.  Even then only
a reader's request qualifies: GET or HEAD without a session (so nobody signed
in: staff see the primary, and an editor never misses their own change), and not a client
pinned to the primary after a write (``ops.dbrouting.middleware``).  A write
during the view moves the rest of the request to the primary (the router).

If the replica fails in the middle of the view (after its connection was
checked at the first read), the view is run once more, on the primary: it only
read, so running it again is safe, and the reader gets the page instead of a 500.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponseBase

from ops.dbrouting.health import PROCESS_HEALTH
from ops.dbrouting.state import replica_reads_allowed
from ops.metrics.instruments import count_replica_fallback

SAFE_METHODS = ("GET", "HEAD")
View = Callable[..., HttpResponseBase]


def qualifies(request: HttpRequest) -> bool:
    """A reader's request: a safe method, and no session (so nobody signed in).

    Deciding must cost no query, so it looks at the cookie, not at ``request.user``
    (which would load the session and the user row on pages that never use them);
    anyone with a session, signed in or not, reads from the primary, as
    ``ops.httpcache`` treats them as personal too.
    """
    return request.method in SAFE_METHODS and settings.SESSION_COOKIE_NAME not in request.COOKIES


def failed_on(alias: str) -> bool:
    """True if the error just raised came from ``alias``'s connection (Django flags it)."""
    return bool(connections[alias].errors_occurred)


def replica_reads(view: View) -> View:
    """Let ``view``'s reads go to a replica for readers' requests."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not qualifies(request):
            return view(request, *args, **kwargs)
        with replica_reads_allowed() as state:
            try:
                return view(request, *args, **kwargs)
            except (OperationalError, InterfaceError):
                replica = state.replica
                if replica is None or state.wrote or not failed_on(replica):
                    raise
                PROCESS_HEALTH.mark_down(replica, "failed", "an error during the request")
                count_replica_fallback(replica, "failed")
                state.replica, state.fell_back = None, True
        return view(request, *args, **kwargs)

    return wrapped
