"""Retention deletes exactly what has aged out, in batches, and a dry run deletes nothing."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pytest_django.fixtures import Settings

from ops.dashboard.models import MinuteRollup
from ops.retention.tasks import apply_retention
from ops.taskqueue.models import IdempotencyKey
from ops.taskqueue.tests.sample_tasks import sleeps

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def days_ago(days: float) -> datetime.datetime:
    return NOW - datetime.timedelta(days=days)


@pytest.fixture
def aged(settings: Settings) -> None:
    """Two rows of each kind that have aged out, and one of each that has not."""
    settings.ROLLUP_RETENTION_DAYS = 30
    settings.RETENTION_TASK_RESULTS_DAYS = 30
    settings.IDEMPOTENCY_KEY_DAYS = 30
    settings.RETENTION_BATCH_PAUSE_SECONDS = 0
    for n, age in enumerate([40, 31, 2]):
        MinuteRollup.objects.create(minute=days_ago(age).replace(second=0, microsecond=n))
        Session.objects.create(
            session_key=f"session{n:032d}", session_data="", expire_date=days_ago(age - 3)
        )
        key = IdempotencyKey.objects.create(key=f"mail:{n}")
        IdempotencyKey.objects.filter(pk=key.pk).update(created_at=days_ago(age))
        task = DBTaskResult.objects.get(pk=sleeps.enqueue(0).id)
        DBTaskResult.objects.filter(pk=task.pk).update(
            status="SUCCESSFUL", finished_at=days_ago(age)
        )
    # A task still waiting, however old, is never deleted.
    waiting = DBTaskResult.objects.get(pk=sleeps.enqueue(0).id)
    DBTaskResult.objects.filter(pk=waiting.pk).update(enqueued_at=days_ago(90))


def counts() -> list[int]:
    return [
        MinuteRollup.objects.count(),
        Session.objects.count(),
        IdempotencyKey.objects.count(),
        DBTaskResult.objects.count(),
    ]


@pytest.mark.usefixtures("aged")
def test_a_dry_run_says_what_would_go_and_deletes_nothing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    call_command("retention", "--dry-run")

    out = capsys.readouterr().out
    assert "Dashboard rollups: 2 before" in out
    assert "Expired sessions: 2 before" in out  # the newest expires tomorrow
    assert "Finished task results: 2 before" in out
    assert "Idempotency keys: 2 before" in out
    assert "Dry run: nothing was deleted." in out
    assert counts() == [3, 3, 3, 4]


@pytest.mark.usefixtures("aged")
def test_the_daily_job_deletes_exactly_what_aged_out_in_small_batches(settings: Settings) -> None:
    settings.RETENTION_BATCH_SIZE = 1

    deleted = apply_retention.call()

    assert deleted == {
        "API usage rows": 0,
        "Dashboard rollups": 2,
        "Expired sessions": 2,
        "Finished task results": 2,
        "Idempotency keys": 2,
        "Old Live stories": 0,  # the newsroom's policy (STORY_ARCHIVE_AFTER_YEARS is 0)
    }
    assert counts() == [1, 1, 1, 2]
    assert DBTaskResult.objects.filter(status="READY").count() == 1


def test_a_bad_batch_size_is_refused() -> None:
    with pytest.raises(CommandError, match="--batch-size must be between 1 and 100000"):
        call_command("retention", "--batch-size", "0")
