"""The worker loop: claim with a lease, run within a time limit, retry or fail, stop gracefully.

``Worker`` extends django-tasks-db's worker (its queue selection, batch mode
and claiming under SKIP LOCKED stay the library's) with:

- **a lease per claimed task** (``TaskLease``), written in the claiming
  transaction, so a task is never RUNNING without saying who runs it until
  when; the worker settles the task only while its lease is still its own;
- **a time limit** per task (``deadlines``): past it the task is interrupted
  and counts as a failed attempt;
- **retries** by the task's ``policy``: a failed attempt goes back to READY
  with ``run_after`` = now + backoff, keeping its error and traceback for
  staff to see; the last failed attempt leaves the task FAILED;
- **recovery** of the tasks of dead workers (``recovery``), every few seconds;
- **graceful shutdown**: the first SIGTERM or SIGINT stops claiming; the
  running task has ``WORKER_SHUTDOWN_GRACE_SECONDS`` to finish, after which it
  is interrupted and *released* — back to READY without spending an attempt —
  and the worker exits 0.  A second signal releases it at once.

Every attempt sends django.tasks' ``task_started`` and ``task_finished``
signals, so each gets its ``task`` log line, metrics and error tracking
(ops.telemetry) — a retried attempt with outcome ``failed``.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import signal
import sys
import time
from traceback import format_exception
from types import FrameType
from typing import Any

from django.db import close_old_connections, connections, transaction
from django.db.utils import OperationalError
from django.tasks import TaskContext
from django.tasks.base import TaskResultStatus
from django.tasks.signals import task_finished, task_started
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker as LibraryWorker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from ops.taskqueue import idempotency
from ops.taskqueue.deadlines import Deadlines, WorkerStopping
from ops.taskqueue.models import TaskLease
from ops.taskqueue.policy import Policy, policy_for
from ops.taskqueue.recovery import recover_expired_leases

logger = logging.getLogger("ops.taskqueue")


class Worker(LibraryWorker):
    def __init__(
        self,
        *,
        shutdown_grace_seconds: float,
        lease_margin_seconds: float,
        recovery_interval_seconds: float,
        **options: Any,
    ) -> None:
        super().__init__(**options)
        self.shutdown_grace_seconds = shutdown_grace_seconds
        self.lease_margin_seconds = lease_margin_seconds
        self.recovery_interval_seconds = recovery_interval_seconds
        self.deadlines = Deadlines()
        self.idle = False
        self.next_recovery = 0.0

    # --- signals ----------------------------------------------------------

    def shutdown(self, signum: int, frame: FrameType | None) -> None:
        name = signal.strsignal(signum)
        if self.idle:
            logger.info("Received %s while idle: stopping now.", name)
            sys.exit(0)
        if not self.running:
            logger.warning("Received %s again: releasing the current task now.", name)
            self.deadlines.stop_within(0)
            return
        self.running = False
        if self.running_task:
            logger.warning(
                "Received %s: stopping after the current task (at most %s s more).",
                name, self.shutdown_grace_seconds,
            )  # fmt: skip
            self.deadlines.stop_within(self.shutdown_grace_seconds)
        else:
            logger.info("Received %s: stopping.", name)

    # --- the loop ---------------------------------------------------------

    def run(self) -> None:
        logger.info(
            "Starting worker worker_id=%s queues=%s", self.worker_id, ",".join(self.queue_names)
        )
        if self.startup_delay and self.interval:
            self.sleep(self.interval * 0.5)
        while self.running:
            close_old_connections()
            self.recover_if_due()
            claimed, looked = self.claim()
            if claimed is not None and self.running:
                self.run_task(*claimed)
            elif claimed is not None:  # told to stop while claiming
                self.release(claimed[0])
            if self.batch and looked and claimed is None:
                logger.info("No more tasks to run for worker_id=%s - exiting.", self.worker_id)
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                logger.info(
                    "Ran %s task(s) on worker_id=%s - exiting.", self._run_tasks, self.worker_id
                )
                return
            close_old_connections()
            if self.running and claimed is None:
                self.sleep(self.interval)
        logger.info("Worker %s stopped.", self.worker_id)

    def sleep(self, seconds: float) -> None:
        """Sleep where a stop signal may end the process at once."""
        self.idle = True
        try:
            time.sleep(seconds)
        finally:
            self.idle = False

    def ready_tasks(self) -> Any:
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        return tasks

    def claim(self) -> tuple[tuple[DBTaskResult, Policy] | None, bool]:
        """Claim the next ready task and lease it; (None, False) if the database was busy."""
        tasks = self.ready_tasks()
        try:
            with exclusive_transaction(tasks.db):
                db_result = tasks.get_locked()
                if db_result is None:
                    return None, True
                policy = policy_of(db_result)
                db_result.claim(self.worker_id)
                TaskLease.objects.create(
                    task=db_result,
                    worker_id=self.worker_id,
                    claimed_at=db_result.started_at,
                    expires_at=db_result.started_at
                    + datetime.timedelta(
                        seconds=policy.timeout_seconds + self.lease_margin_seconds
                    ),
                )
        except OperationalError as error:
            if is_locked_database_exception(error):
                return None, False
            raise
        return (db_result, policy), True

    def recover_if_due(self) -> None:
        if time.monotonic() < self.next_recovery:
            return
        self.next_recovery = time.monotonic() + self.recovery_interval_seconds
        try:
            recover_expired_leases(timezone.now())
        except OperationalError as error:
            if not is_locked_database_exception(error):
                raise

    # --- one task ---------------------------------------------------------

    def run_task(self, db_task_result: DBTaskResult, policy: Policy | None = None) -> None:
        policy = policy or policy_of(db_task_result)
        self.running_task = True
        try:
            self.attempt(db_task_result, policy)
        finally:
            self.running_task = False
            self._run_tasks += 1

    def attempt(self, db_result: DBTaskResult, policy: Policy) -> None:
        try:
            task = db_result.task
            task_result = db_result.task_result
        except Exception as error:  # the task's code is gone or was never a task
            self.fail(db_result, error)
            logger.exception("Task id=%s (%s) cannot be run", db_result.pk, db_result.task_path)
            return
        sender = type(task.get_backend())
        task_started.send(sender=sender, task_result=task_result)
        running = idempotency.running_task.set(str(db_result.pk))
        try:
            with self.deadlines.task(policy.timeout_seconds):
                if task.takes_context:
                    value = task.call(
                        TaskContext(task_result=task_result),
                        *task_result.args,
                        **task_result.kwargs,
                    )
                else:
                    value = task.call(*task_result.args, **task_result.kwargs)
            self.succeed(db_result, value)
        except WorkerStopping:
            discard_broken_connections()
            self.release(db_result)
            return
        except BaseException as error:
            discard_broken_connections()
            self.after_failure(db_result, policy, error)
            task_finished.send(sender=sender, task_result=db_result.task_result)
            return
        finally:
            idempotency.running_task.reset(running)
        task_finished.send(sender=sender, task_result=db_result.task_result)

    def succeed(self, db_result: DBTaskResult, value: Any) -> None:
        self.settle(
            db_result,
            status=TaskResultStatus.SUCCESSFUL,
            return_value=value,
            finished_at=timezone.now(),
            exception_class_path="",
            traceback="",
        )

    def after_failure(self, db_result: DBTaskResult, policy: Policy, error: BaseException) -> None:
        """Schedule another attempt, or fail the task; ``db_result`` reads FAILED for the signal."""
        attempt = len(db_result.worker_ids)
        if not policy.retries(error, attempt):
            self.fail(db_result, error)
            return
        run_after = timezone.now() + policy.backoff(attempt)
        self.settle(db_result, status=TaskResultStatus.READY, run_after=run_after,
                    **error_fields(error))  # fmt: skip
        logger.warning(
            "Task %s (%s) failed attempt %s of %s (%s); retrying at %s",
            db_result.pk, db_result.task_path, attempt, policy.max_attempts,
            type(error).__name__, run_after.isoformat(),
        )  # fmt: skip
        db_result.status = TaskResultStatus.FAILED

    def fail(self, db_result: DBTaskResult, error: BaseException) -> None:
        self.settle(db_result, status=TaskResultStatus.FAILED, finished_at=timezone.now(),
                    return_value=None, **error_fields(error))  # fmt: skip

    def release(self, db_result: DBTaskResult) -> None:
        """Give an interrupted task back to the queue: this attempt does not count."""
        released = self.settle(
            db_result,
            status=TaskResultStatus.READY,
            started_at=None,
            worker_ids=db_result.worker_ids[:-1],
        )
        if released:
            logger.warning(
                "Released task %s (%s): the worker stopped before it finished",
                db_result.pk, db_result.task_path,
            )  # fmt: skip

    def settle(self, db_result: DBTaskResult, **fields: Any) -> bool:
        """Write the task's new state if its lease is still ours; drop the lease. False if not."""
        with transaction.atomic(using=db_result._state.db):
            owned, _ = TaskLease.objects.filter(
                task_id=db_result.pk, worker_id=self.worker_id
            ).delete()
            if not owned:
                logger.error(
                    "Task %s (%s) outlived its lease and was taken back; its outcome is dropped",
                    db_result.pk, db_result.task_path,
                )  # fmt: skip
                return False
            for name, value in fields.items():
                setattr(db_result, name, value)
            db_result.save(update_fields=list(fields))
        return True


def policy_of(db_result: DBTaskResult) -> Policy:
    """The task's policy; importing the task first registers its declaration, if any."""
    # Its failure to import is reported when the worker runs it.
    with contextlib.suppress(Exception):
        db_result.task  # noqa: B018 - imports the task's module
    return policy_for(db_result.task_path)


def error_fields(error: BaseException) -> dict[str, str]:
    return {
        "exception_class_path": f"{type(error).__module__}.{type(error).__qualname__}",
        "traceback": "".join(format_exception(error)),
    }


def discard_broken_connections() -> None:
    """After an interrupted task: a connection interrupted mid-query cannot be trusted."""
    for connection in connections.all(initialized_only=True):
        if connection.connection is not None and not connection.is_usable():
            connection.close()
