"""A task that raises is grouped like a failed request, with the request that enqueued it."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client, override_settings

from ops.errors.models import ErrorGroup

# The worker commits and closes connections itself: each test runs outside a transaction.
pytestmark = [pytest.mark.urls("ops.errors.tests.views"), pytest.mark.django_db(transaction=True)]


def run_worker() -> None:
    call_command("worker", batch=True, startup_delay=False, verbosity=0)


@override_settings(ADMINS=["oncall@newsroom.test"])
def test_a_failed_task_is_grouped_with_the_request_that_enqueued_it() -> None:
    first = Client().get("/errors-test/enqueue-failure/", HTTP_X_REQUEST_ID="editor-click-9")
    second = Client().get("/errors-test/enqueue-failure/")

    run_worker()

    group = ErrorGroup.objects.get()
    assert group.kind == "task"
    assert group.count == 2
    assert group.exception_type == "ops.telemetry.tests.sample_tasks.SampleFailure"
    assert group.location.startswith("ops/telemetry/tests/sample_tasks.py:")
    assert group.last_where == f"task fail ({second.content.decode()}, attempt 1)"
    assert group.last_request_id == second["X-Request-ID"]
    (message,) = mail.outbox  # about the first occurrence, which created the group
    assert first.content.decode() in message.body
    assert "SampleFailure" in message.subject
    assert "Request id: editor-click-9" in message.body
