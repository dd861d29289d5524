"""The worker retries with backoff, fails a task after its last attempt, enforces time limits."""

from __future__ import annotations

import datetime
import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ops.taskqueue.models import TaskLease
from ops.taskqueue.tests.sample_tasks import (
    always_fails,
    fails_then_waits,
    flaky,
    has_a_bug,
    sleeps,
    swallows_exceptions,
)

# The worker commits and closes connections itself: each test runs outside a transaction.
pytestmark = pytest.mark.django_db(transaction=True)


def run_worker() -> None:
    call_command("worker", batch=True, startup_delay=False, verbosity=0)


def work_until_settled(task_id: str, rounds: int = 50) -> DBTaskResult:
    """Run the worker until the task is finished, letting its short backoffs pass."""
    for _ in range(rounds):
        run_worker()
        row = DBTaskResult.objects.get(pk=task_id)
        if row.status in ("SUCCESSFUL", "FAILED"):
            return row
        time.sleep(0.02)
    raise AssertionError(f"task {task_id} still {row.status} after {rounds} rounds")


def test_a_flaky_task_is_retried_until_it_succeeds() -> None:
    result = flaky.enqueue(failures=2)

    row = work_until_settled(result.id)

    assert row.status == "SUCCESSFUL"
    assert row.return_value == "succeeded on attempt 3"
    assert len(row.worker_ids) == 3
    assert not TaskLease.objects.exists()


def test_a_failed_attempt_waits_for_its_backoff_and_keeps_its_error() -> None:
    result = fails_then_waits.enqueue()
    before = timezone.now()

    run_worker()

    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == "READY"
    assert before + datetime.timedelta(seconds=47) < row.run_after
    assert row.run_after < timezone.now() + datetime.timedelta(seconds=60)
    assert row.exception_class_path.endswith("sample_tasks.Flake")
    assert "the service is down for a minute" in row.traceback
    assert len(row.worker_ids) == 1


def test_a_task_that_keeps_failing_ends_failed_after_its_last_attempt() -> None:
    result = always_fails.enqueue()

    row = work_until_settled(result.id)

    assert row.status == "FAILED"
    assert len(row.worker_ids) == 2
    assert "the service is still down" in row.traceback
    assert row.finished_at is not None


def test_an_error_the_policy_does_not_retry_fails_at_once() -> None:
    result = has_a_bug.enqueue()

    run_worker()

    row = DBTaskResult.objects.get(pk=result.id)
    assert (row.status, len(row.worker_ids)) == ("FAILED", 1)
    assert row.exception_class_path == "builtins.ValueError"


def test_a_task_past_its_time_limit_is_interrupted() -> None:
    result = sleeps.enqueue(30)
    started = time.monotonic()

    run_worker()

    row = DBTaskResult.objects.get(pk=result.id)
    assert time.monotonic() - started < 10
    assert row.status == "FAILED"
    assert row.exception_class_path == "ops.taskqueue.deadlines.TaskTimedOut"
    assert "longer than its limit of 0.3 s" in row.traceback


def test_catching_every_exception_does_not_escape_the_time_limit() -> None:
    result = swallows_exceptions.enqueue()

    run_worker()

    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == "FAILED"
    assert row.exception_class_path == "ops.taskqueue.deadlines.TaskTimedOut"


def test_a_task_within_its_limit_is_not_disturbed() -> None:
    result = sleeps.enqueue(0.05)

    run_worker()

    row = DBTaskResult.objects.get(pk=result.id)
    assert (row.status, row.return_value) == ("SUCCESSFUL", "woke up")


def test_a_task_whose_code_is_gone_fails_with_the_reason() -> None:
    result = sleeps.enqueue(0)
    DBTaskResult.objects.filter(pk=result.id).update(task_path="ops.taskqueue.tests.gone.task")

    run_worker()

    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == "FAILED"
    assert "ModuleNotFoundError" in row.exception_class_path
    assert not TaskLease.objects.exists()


def test_the_worker_refuses_excluded_queues_without_all_queues() -> None:
    with pytest.raises(CommandError, match="--exclude-queues can only be used"):
        call_command("worker", batch=True, exclude_queues="slow", verbosity=0)
