"""The task queue's own rows: the lease of each running task, and idempotency keys.

``TaskLease`` sits beside django-tasks-db's ``DBTaskResult`` (one lease per
RUNNING task) rather than in it, so the library's table and migrations stay
its own.  A lease says which worker runs the task and until when it may: a
worker that is alive finishes (or times out) the task before then; a lease
that has expired belongs to a worker that died, and its task is taken back
(``ops.taskqueue.recovery``).

``IdempotencyKey`` records that a side effect happened (``ops.taskqueue.idempotency``).
"""

from __future__ import annotations

from django.db import models
from django_tasks_db.models import DBTaskResult


class TaskLease(models.Model):
    task = models.OneToOneField(
        DBTaskResult, primary_key=True, on_delete=models.CASCADE, related_name="lease"
    )
    worker_id = models.CharField(max_length=64)
    claimed_at = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"task {self.pk} leased to {self.worker_id} until {self.expires_at:%H:%M:%S}"


class IdempotencyKey(models.Model):
    key = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return self.key
