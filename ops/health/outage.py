"""A request that fails because the database is unreachable answers 503, not 500.

When PostgreSQL restarts or fails over, requests already past the balancer
fail on their first query before /readyz takes the node out.  That is not a
bug in the page (a 500, for the error tracker and the reader to worry about)
but a brief outage: 503 with ``Retry-After`` says so, and clients, crawlers
and caches treat it as temporary.  Django calls this view for any uncaught
exception (``handler500`` in config/urls.py); it answers 503 only for the
database's connection errors and leaves every other error to Django's 500.
The answer is built without templates or context processors, which might
query the very database that is down.
"""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults

RETRY_AFTER_SECONDS = 5
MESSAGE = "The site is briefly unavailable. Please try again in a few seconds."
PAGE = (
    "<!doctype html><html lang=en><meta charset=utf-8><title>Briefly unavailable</title>"
    f"<h1>Briefly unavailable</h1><p>{MESSAGE}</p></html>\n"
)


def database_unavailable(request: HttpRequest) -> HttpResponse:
    if "application/json" in request.headers.get("Accept", ""):
        response: HttpResponse = JsonResponse({"status": 503, "detail": MESSAGE}, status=503)
    else:
        response = HttpResponse(PAGE, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(
    request: HttpRequest, template_name: str = defaults.ERROR_500_TEMPLATE_NAME
) -> HttpResponse:
    """``handler500``: 503 when the database could not be reached, Django's 500 otherwise."""
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return database_unavailable(request)
    return defaults.server_error(request, template_name)
