"""A failed purge is retried later with exponential backoff, and fails after five attempts."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pytest_django.fixtures import Settings

from ops.purge import tasks
from ops.purge.config import purge_settings
from ops.purge.tests.recorder import Recorder
from ops.taskqueue.policy import policy_for

PAGES = ["https://news.example.org/", "https://news.example.org/stories/harbour-bridge/"]

# The worker commits and closes connections itself: each test runs outside a transaction.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def nginx(settings: Settings, api: Recorder) -> Recorder:
    settings.PURGE = purge_settings(backend="nginx", nginx_url=api.url, timeout=1)
    return api


def run_worker() -> None:
    call_command("worker", batch=True, startup_delay=False, verbosity=0)


def test_it_purges_and_schedules_nothing_more(nginx: Recorder) -> None:
    tasks.purge_urls.enqueue(PAGES)

    run_worker()

    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert len(nginx.requests) == 2


def test_a_failure_schedules_the_next_attempt_after_a_backoff(nginx: Recorder) -> None:
    nginx.answer(503)
    tasks.purge_urls.enqueue(PAGES)
    before = timezone.now()

    run_worker()

    retry = DBTaskResult.objects.get()
    assert retry.status == "READY"
    assert len(retry.worker_ids) == 1
    assert retry.exception_class_path == "ops.purge.backends.base.PurgeError"
    wait = retry.run_after - before
    assert datetime.timedelta(seconds=8) <= wait < datetime.timedelta(seconds=11)
    assert len(nginx.requests) == 1  # the worker did not run the retry before its time


def test_the_backoff_doubles_up_to_a_ceiling() -> None:
    policy = policy_for("ops.purge.tasks.purge_urls")
    waits = [policy.backoff(attempt, jitter=0).total_seconds() for attempt in range(1, 10)]

    assert waits == [10, 20, 40, 80, 160, 300, 300, 300, 300]
    assert policy.max_attempts == 5


def test_it_fails_after_the_last_attempt(nginx: Recorder) -> None:
    nginx.answer(502)
    tasks.purge_urls.enqueue(PAGES)

    for _ in range(tasks.MAX_ATTEMPTS):
        DBTaskResult.objects.update(run_after=timezone.now())  # time passes
        run_worker()

    failed = DBTaskResult.objects.get()
    assert failed.status == "FAILED"
    assert len(failed.worker_ids) == tasks.MAX_ATTEMPTS
    assert "PurgeError" in failed.traceback
    assert len(nginx.requests) == tasks.MAX_ATTEMPTS
