"""/readyz: 200 when every check passes, 503 with the failing check named when a critical one
does not, 200 ``degraded`` when only a shared dependency the site serves without fails."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ops.health.drain import start_draining, stop_draining
from ops.telemetry.tests.sample_tasks import succeed

pytestmark = pytest.mark.django_db
CHECKS = ["database", "migrations", "cache", "task_queue", "disk"]


def readiness(**headers: Any) -> tuple[int, dict[str, Any]]:
    response = Client(**headers).get("/readyz")
    assert response["Cache-Control"] == "no-store"
    return response.status_code, response.json()


def failing(body: dict[str, Any]) -> list[str]:
    return [name for name, check in body["checks"].items() if not check["ok"]]


def test_it_is_ready_when_every_check_passes(settings: Any) -> None:
    status, body = readiness()

    assert status == 200
    assert body["status"] == "ready"
    assert body["release"] == settings.RELEASE
    assert list(body["checks"]) == CHECKS
    assert failing(body) == []
    assert body["checks"]["database"]["detail"].endswith("answered")


def test_it_is_not_ready_while_a_migration_is_not_applied() -> None:
    MigrationRecorder(connection).migration_qs.filter(app="errors", name="0001_initial").delete()

    status, body = readiness()

    assert (status, body["status"]) == (503, "unready")
    assert failing(body) == ["migrations"]
    assert "errors.0001_initial" in body["checks"]["migrations"]["detail"]


@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}})
def test_it_is_degraded_but_in_rotation_when_the_cache_does_not_keep_what_it_is_given() -> None:
    status, body = readiness()

    assert (status, body["status"]) == (200, "degraded")
    assert failing(body) == ["cache"]


@override_settings(READINESS_MAX_TASK_LAG_SECONDS=60)
def test_it_is_degraded_when_the_oldest_task_has_waited_too_long() -> None:
    succeed.enqueue(1)
    DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(minutes=5))

    status, body = readiness()

    assert (status, body["status"]) == (200, "degraded")
    assert failing(body) == ["task_queue"]
    assert "1 waiting, oldest for 300 s (limit 60 s)" in body["checks"]["task_queue"]["detail"]


@override_settings(READINESS_MAX_TASK_LAG_SECONDS=0)
def test_a_lag_limit_of_zero_turns_the_queue_check_off() -> None:
    succeed.enqueue(1)
    DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(days=1))

    assert readiness()[0] == 200


@override_settings(
    READINESS_MIN_FREE_DISK_MB=10**12,
    CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}},
)
def test_a_failing_critical_check_outweighs_an_advisory_one() -> None:
    status, body = readiness()

    assert (status, body["status"]) == (503, "unready")
    assert failing(body) == ["cache", "disk"]


@override_settings(READINESS_MIN_FREE_DISK_MB=10**12)
def test_it_is_not_ready_when_the_disk_is_nearly_full() -> None:
    status, body = readiness()

    assert status == 503
    assert failing(body) == ["disk"]
    assert "MB free under" in body["checks"]["disk"]["detail"]


def test_it_answers_draining_while_the_drain_flag_is_set(settings: Any, tmp_path: Any) -> None:
    settings.DRAIN_FILE = tmp_path / "drain"
    start_draining("deploy 42")
    try:
        status, body = readiness()
    finally:
        stop_draining()

    assert (status, body["status"]) == (503, "draining")
    assert failing(body) == []
    assert readiness()[0] == 200


def test_it_shows_outsiders_which_checks_pass_but_not_why(settings: Any) -> None:
    settings.READINESS_MIN_FREE_DISK_MB = 10**12
    status, body = readiness(REMOTE_ADDR="203.0.113.9")

    assert status == 503
    assert body["checks"]["disk"] == {"ok": False}
    assert body["checks"]["database"] == {"ok": True}
