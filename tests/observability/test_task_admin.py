"""Staff see failed tasks with their attempts and error, and re-queue them with one action."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django_tasks_db.models import DBTaskResult

from ops.taskqueue.tests.sample_tasks import has_a_bug, sleeps
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/django_tasks_database/dbtaskresult/"


def signed_in(*permissions: str) -> Client:
    """A staff member with 2FA enrolled, who may view the task list (and ``permissions``)."""
    user = UserFactory(is_staff=True)
    codenames = ["view_dbtaskresult", *permissions]
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client = Client()
    client.force_login(user)
    return client


def a_failed_task() -> DBTaskResult:
    result = has_a_bug.enqueue()
    DBTaskResult.objects.filter(pk=result.id).update(
        status="FAILED",
        worker_ids=["w1"],
        exception_class_path="builtins.ValueError",
        traceback="Traceback …\nValueError: a bug",
    )
    return DBTaskResult.objects.get(pk=result.id)


def requeue(client: Client, *tasks: DBTaskResult) -> object:
    return client.post(
        CHANGELIST,
        {"action": "requeue_failed", "_selected_action": [str(task.pk) for task in tasks]},
        follow=True,
    )


def test_the_list_shows_attempts_and_the_last_error() -> None:
    a_failed_task()

    page = signed_in().get(CHANGELIST, {"status__exact": "FAILED"})

    assert page.status_code == 200
    text = page.content.decode()
    assert "has_a_bug" in text
    assert "ValueError" in text


def test_requeue_puts_a_failed_task_back_as_new() -> None:
    failed = a_failed_task()
    waiting = DBTaskResult.objects.get(pk=sleeps.enqueue(1).id)

    page = requeue(signed_in("change_dbtaskresult"), failed, waiting)

    again = DBTaskResult.objects.get(pk=failed.pk)
    assert (again.status, again.worker_ids, again.traceback) == ("READY", [], "")
    assert DBTaskResult.objects.get(pk=waiting.pk).status == "READY"
    text = page.content.decode()  # type: ignore[attr-defined]
    assert "Re-queued 1 failed task(s)." in text
    assert "1 selected task(s) were not FAILED and were left alone." in text


def test_staff_without_the_permission_cannot_requeue() -> None:
    failed = a_failed_task()

    viewer = signed_in()

    page = viewer.get(CHANGELIST)
    requeue(viewer, failed)

    assert "requeue_failed" not in page.content.decode()
    assert DBTaskResult.objects.get(pk=failed.pk).status == "FAILED"
