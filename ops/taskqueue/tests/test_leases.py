"""Leases: a dead worker's task is taken back, its attempt counted; a live worker keeps its own."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ops.taskqueue.models import TaskLease
from ops.taskqueue.recovery import recover_expired_leases
from ops.taskqueue.tests.sample_tasks import always_fails, flaky, sleeps
from ops.taskqueue.worker import Worker

pytestmark = pytest.mark.django_db(transaction=True)


def a_worker(worker_id: str) -> Worker:
    return Worker(
        queue_names=["default"],
        excluded_queue_names=[],
        interval=0.1,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        shutdown_grace_seconds=1,
        lease_margin_seconds=30,
        recovery_interval_seconds=5,
    )


def claimed_by(worker: Worker) -> DBTaskResult:
    claimed, looked = worker.claim()
    assert claimed is not None
    assert looked
    return claimed[0]


def test_a_claim_leases_the_task_for_its_time_limit_plus_the_margin() -> None:
    sleeps.enqueue(1)

    row = claimed_by(a_worker("w1"))

    lease = TaskLease.objects.get(task=row)
    assert lease.worker_id == "w1"
    assert lease.expires_at - lease.claimed_at == datetime.timedelta(seconds=0.3 + 30)
    assert DBTaskResult.objects.get(pk=row.pk).status == "RUNNING"


def test_two_workers_never_claim_the_same_task() -> None:
    sleeps.enqueue(1)
    first, second = a_worker("w1"), a_worker("w2")

    claimed_by(first)

    assert second.claim() == (None, True)


def test_an_expired_lease_puts_the_task_back_in_the_queue_with_its_attempt_counted() -> None:
    result = flaky.enqueue(failures=0)
    claimed_by(a_worker("killed"))
    TaskLease.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))

    recovered = recover_expired_leases(timezone.now())

    assert recovered.requeued == [result.id]
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == "READY"
    assert row.worker_ids == ["killed"]
    assert "Worker killed stopped answering during attempt 1" in row.traceback
    assert not TaskLease.objects.exists()


def test_a_live_lease_is_left_alone() -> None:
    claimed = sleeps.enqueue(1)
    claimed_by(a_worker("alive"))

    assert recover_expired_leases(timezone.now()).requeued == []
    assert DBTaskResult.objects.get(pk=claimed.id).status == "RUNNING"


def test_the_last_attempt_lost_with_its_worker_fails_the_task() -> None:
    result = always_fails.enqueue()  # two attempts at most
    DBTaskResult.objects.filter(pk=result.id).update(worker_ids=["earlier"])
    claimed_by(a_worker("killed"))
    TaskLease.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))

    recovered = recover_expired_leases(timezone.now())

    assert recovered.failed == [result.id]
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == "FAILED"
    assert row.exception_class_path == "ops.taskqueue.recovery.WorkerLost"


def test_a_worker_whose_lease_was_taken_back_does_not_overwrite_the_new_run() -> None:
    result = flaky.enqueue(failures=0)
    slow = a_worker("slow")
    row = claimed_by(slow)
    TaskLease.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    recover_expired_leases(timezone.now())
    claimed_by(a_worker("rescuer"))

    assert slow.settle(row, status="SUCCESSFUL") is False

    again = DBTaskResult.objects.get(pk=result.id)
    assert again.status == "RUNNING"
    assert TaskLease.objects.get().worker_id == "rescuer"


def test_a_released_task_goes_back_without_spending_an_attempt() -> None:
    result = flaky.enqueue(failures=0)
    worker = a_worker("stopping")
    row = claimed_by(worker)

    worker.release(row)

    again = DBTaskResult.objects.get(pk=result.id)
    assert (again.status, again.worker_ids, again.started_at) == ("READY", [], None)
    assert not TaskLease.objects.exists()
