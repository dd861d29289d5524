"""Views with known costs, for the telemetry suites: so many queries, so many cache lookups."""

from __future__ import annotations

import time

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from ops.telemetry.tests.sample_tasks import succeed


def three_queries_one_hit_one_miss(request: HttpRequest) -> HttpResponse:
    users = get_user_model().objects
    users.count()
    users.filter(is_staff=True).count()
    users.filter(is_active=False).exists()
    cache.set("telemetry-known", "here")
    cache.get("telemetry-known")
    cache.get("telemetry-never-set")
    return HttpResponse("ok")


def slow(request: HttpRequest) -> HttpResponse:
    get_user_model().objects.count()
    time.sleep(0.05)
    return HttpResponse("slow")


def who(request: HttpRequest) -> HttpResponse:
    return HttpResponse(str(request.user.is_authenticated))


def enqueue(request: HttpRequest) -> HttpResponse:
    result = succeed.enqueue(2)
    return HttpResponse(result.id)


def reset_password(request: HttpRequest, uidb36: str, key: str) -> HttpResponse:
    return HttpResponse("reset")


urlpatterns = [
    path("telemetry/known/", three_queries_one_hit_one_miss, name="telemetry-known"),
    path("telemetry/slow/", slow, name="telemetry-slow"),
    path("telemetry/who/", who, name="telemetry-who"),
    path("telemetry/enqueue/", enqueue, name="telemetry-enqueue"),
    path("telemetry/reset/<str:uidb36>-<str:key>/", reset_password, name="telemetry-reset"),
    path("", include("config.urls")),
]
