"""Every task run writes one ``task`` line, carrying the id of the request that enqueued it."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from ops.logs.tests.capture import captured_log
from ops.telemetry.tests.sample_tasks import fail, succeed

# The worker commits and closes connections itself: each test runs outside a transaction.
pytestmark = [
    pytest.mark.urls("ops.telemetry.tests.views"),
    pytest.mark.django_db(transaction=True),
]


def run_worker() -> None:
    call_command("worker", batch=True, startup_delay=False, verbosity=0)


def test_the_request_id_follows_the_work_into_the_task_it_enqueued() -> None:
    response = Client().get("/telemetry/enqueue/", HTTP_X_REQUEST_ID="reader-report-42")
    task_id = response.content.decode()

    with captured_log() as log:
        run_worker()

    (line,) = log.events("task")
    assert line["task_id"] == task_id
    assert line["request_id"] == "reader-report-42"
    assert line["task_name"] == "succeed"
    assert (line["attempt"], line["outcome"]) == (1, "successful")
    assert line["duration_ms"] >= 0
    (inside,) = log.events("adding 2")
    assert inside["request_id"] == "reader-report-42"
    assert inside["task_id"] == task_id


def test_a_failed_task_is_logged_at_error_with_its_exception() -> None:
    result = fail.enqueue()

    with captured_log() as log:
        run_worker()

    (line,) = log.events("task")
    assert line["task_id"] == result.id
    assert (line["outcome"], line["level"]) == ("failed", "error")
    assert "SampleFailure: the sample task failed" in line["exception"]
    assert "request_id" not in line


def test_a_task_enqueued_outside_a_request_has_no_request_id() -> None:
    succeed.enqueue(5)

    with captured_log() as log:
        run_worker()

    (line,) = log.events("task")
    assert "request_id" not in line
    assert line["outcome"] == "successful"
