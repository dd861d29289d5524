"""Taking back the tasks of workers that died: expired leases.

A worker leases each task it claims until ``claimed + time limit + margin``
(``TASK_LEASE_MARGIN_SECONDS``).  A living worker settles the task before
then — it succeeded, failed, was scheduled for a retry or was released at
shutdown — because it interrupts the task at its time limit.  So a lease that
has expired belongs to a worker that was killed (SIGKILL, OOM, a lost
machine) mid-task, and every worker's loop looks for such leases:

- the task goes back to READY, due now, to be claimed again — the dead
  worker's attempt still counts;
- or, if that was its last attempt, it FAILS with ``WorkerLost``, visible to
  staff like any other failure.

Leases are locked with SKIP LOCKED, so two workers recovering at once take
different tasks; on SQLite the exclusive transaction serialises them.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.tasks.base import TaskResultStatus
from django_tasks_db.utils import exclusive_transaction

from ops.taskqueue.models import TaskLease
from ops.taskqueue.policy import policy_for

logger = logging.getLogger("ops.taskqueue")

BATCH = 100


class WorkerLost(Exception):
    """The worker running the task stopped answering before its lease expired."""


@dataclass(frozen=True)
class Recovered:
    requeued: list[str]
    failed: list[str]


def recover_expired_leases(now: datetime.datetime) -> Recovered:
    """Requeue (or fail, after their last attempt) the tasks whose lease expired before ``now``."""
    requeued: list[str] = []
    failed: list[str] = []
    expired = TaskLease.objects.filter(expires_at__lt=now, task__status=TaskResultStatus.RUNNING)
    # The usual answer is "none": a plain read, so the loop takes no write lock every few seconds.
    if not expired.exists():
        return Recovered(requeued, failed)
    with exclusive_transaction(TaskLease.objects.db):
        locked = (
            expired.select_related("task")
            .select_for_update(skip_locked=True, of=("self",))
            .order_by("expires_at")[:BATCH]
        )
        for lease in locked:
            if take_back(lease, now):
                requeued.append(str(lease.task_id))
            else:
                failed.append(str(lease.task_id))
            lease.delete()
    return Recovered(requeued, failed)


def take_back(lease: TaskLease, now: datetime.datetime) -> bool:
    """Put the leased task back in the queue (True) or fail it after its last attempt (False)."""
    task = lease.task
    attempt = len(task.worker_ids)
    policy = policy_for(task.task_path)
    message = (
        f"Worker {lease.worker_id} stopped answering during attempt {attempt} of "
        f"{policy.max_attempts}: its lease expired at {lease.expires_at.isoformat()}."
    )
    task.exception_class_path = f"{WorkerLost.__module__}.{WorkerLost.__qualname__}"
    task.traceback = message
    if attempt < policy.max_attempts:
        task.status = TaskResultStatus.READY
        task.run_after = now
        task.save(update_fields=["status", "run_after", "exception_class_path", "traceback"])
        logger.warning("Requeued task %s (%s): %s", task.pk, task.task_path, message)
        return True
    task.status = TaskResultStatus.FAILED
    task.finished_at = now
    task.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
    logger.error("Failed task %s (%s): %s", task.pk, task.task_path, message)
    return False
