"""Task runs are counted by name and outcome and timed; the queue's depth and lag are gauges."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ops.metrics.tests.scrape import value
from ops.telemetry.tests.sample_tasks import fail, succeed

pytestmark = pytest.mark.django_db


def run_worker() -> None:
    call_command("worker", batch=True, startup_delay=False, verbosity=0)


@pytest.mark.django_db(transaction=True)  # the worker commits and closes connections itself
def test_it_counts_task_runs_by_outcome_and_times_them() -> None:
    succeeded = value("newsbudget_task_runs_total", task="succeed", outcome="successful")
    failed = value("newsbudget_task_runs_total", task="fail", outcome="failed")
    timed = value("newsbudget_task_duration_seconds_count", task="succeed")

    succeed.enqueue(1)
    succeed.enqueue(2)
    fail.enqueue()
    run_worker()

    assert value("newsbudget_task_runs_total", task="succeed", outcome="successful") == (
        succeeded + 2
    )
    assert value("newsbudget_task_runs_total", task="fail", outcome="failed") == failed + 1
    assert value("newsbudget_task_duration_seconds_count", task="succeed") == timed + 2


def test_it_reports_how_many_tasks_wait_and_how_long_the_oldest_has_waited() -> None:
    for _ in range(3):
        succeed.enqueue(1)
    DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(minutes=7))

    assert value("newsbudget_task_queue_up") == 1
    assert value("newsbudget_task_queue_ready") == 3
    assert value("newsbudget_task_queue_running") == 0
    assert 420 <= value("newsbudget_task_queue_oldest_ready_age_seconds") < 480


def test_a_deferred_task_is_not_waiting_until_it_is_due() -> None:
    succeed.using(run_after=timezone.now() + datetime.timedelta(hours=1)).enqueue(1)

    assert value("newsbudget_task_queue_ready") == 0
    assert value("newsbudget_task_queue_oldest_ready_age_seconds") == 0


@override_settings(TASKS={"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}})
def test_it_leaves_out_the_queue_gauges_without_a_database_queue() -> None:
    assert value("newsbudget_task_queue_up") == 1
    assert value("newsbudget_task_queue_ready") == 0
