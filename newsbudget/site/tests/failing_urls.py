"""A URLconf for the error-page tests: the real site plus views that fail on purpose.

Including the project's URLconf keeps every name the base template reverses,
so the error pages render exactly as they do in production.
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import include, path


class Explosion(Exception):
    """An unexpected failure inside a view."""


def explode(request: HttpRequest) -> HttpResponse:
    raise Explosion("a view failed")


def refuse(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied("Only editors may publish stories.")


urlpatterns = [
    path("test-errors/500/", explode),
    path("test-errors/403/", refuse),
    path("", include("config.urls")),
]
