"""Views that fail on purpose, for the error tracker suites."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import include, path

from ops.telemetry.tests.sample_tasks import fail


class PrintingPressJam(RuntimeError):
    """A failure in a view."""


def jam(request: HttpRequest) -> HttpResponse:
    raise PrintingPressJam(f"press {request.GET.get('press', '1')} jammed")


def divide(request: HttpRequest) -> HttpResponse:
    return HttpResponse(str(1 / int(request.GET.get("by", "0"))))


def missing(request: HttpRequest) -> HttpResponse:
    raise Http404("no such page")


def forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied("editors only")


def enqueue_failure(request: HttpRequest) -> HttpResponse:
    return HttpResponse(fail.enqueue().id)


urlpatterns = [
    path("errors-test/jam/", jam),
    path("errors-test/divide/", divide),
    path("errors-test/missing/", missing),
    path("errors-test/forbidden/", forbidden),
    path("errors-test/enqueue-failure/", enqueue_failure),
    path("", include("config.urls")),
]
