"""A failed purge is retried later with exponential backoff, and given up after five attempts."""

from __future__ import annotations

import datetime
import logging

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pytest_django.fixtures import Settings

from ops.purge import tasks
from ops.purge.backends.base import PurgeError
from ops.purge.config import purge_settings
from ops.purge.tests.recorder import Recorder

PAGES = ["https://news.example.org/", "https://news.example.org/stories/harbour-bridge/"]


@pytest.fixture
def nginx(settings: Settings, api: Recorder, db: None) -> Recorder:
    settings.PURGE = purge_settings(backend="nginx", nginx_url=api.url, timeout=1)
    return api


def test_it_purges_and_schedules_nothing_more(nginx: Recorder) -> None:
    result = tasks.purge_urls.call(PAGES)

    assert result == {"purged": 2}
    assert len(nginx.requests) == 2
    assert not DBTaskResult.objects.exists()


def test_a_failure_schedules_the_next_attempt_after_a_backoff(nginx: Recorder) -> None:
    nginx.answer(503)
    before = timezone.now()

    result = tasks.purge_urls.call(PAGES, 2)

    retry = DBTaskResult.objects.get()
    assert retry.task_path == "ops.purge.tasks.purge_urls"
    assert retry.args_kwargs == {"args": [PAGES, 3], "kwargs": {}}
    assert retry.status == "READY"
    wait = retry.run_after - before
    assert datetime.timedelta(seconds=20) <= wait < datetime.timedelta(seconds=25)
    assert result["next_attempt"] == 3


def test_the_backoff_doubles_up_to_a_ceiling() -> None:
    waits = [tasks.backoff(attempt).total_seconds() for attempt in range(1, 10)]

    assert waits == [10, 20, 40, 80, 160, 300, 300, 300, 300]


@pytest.mark.django_db(transaction=True)  # the worker commits and closes connections itself
def test_the_worker_does_not_run_the_retry_before_its_time(nginx: Recorder) -> None:
    from django.core.management import call_command

    nginx.answer(500)
    tasks.purge_urls.enqueue(PAGES)

    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)

    first, retry = DBTaskResult.objects.order_by("enqueued_at")
    assert first.status == "SUCCESSFUL"  # it ran, failed to purge, and handed over
    assert retry.status == "READY"
    assert retry.run_after > timezone.now()
    assert len(nginx.requests) == 1


def test_it_gives_up_after_the_last_attempt_and_logs_an_error(
    nginx: Recorder, caplog: pytest.LogCaptureFixture
) -> None:
    nginx.answer(502)

    with caplog.at_level(logging.ERROR, logger="ops.purge"), pytest.raises(PurgeError):
        tasks.purge_urls.call(PAGES, tasks.MAX_ATTEMPTS)

    assert not DBTaskResult.objects.exists()
    assert "Gave up purging 2 URL(s) after 5 attempts" in caplog.text
