"""How far behind the task queue is: tasks waiting and running, and the oldest one's wait.

One query answers the metrics scrape, the readiness check and the per-minute
rollup alike, so the three never disagree.  A task is *due* from when it was
enqueued, or from its ``run_after`` time if it was deferred; the queue's lag
is the age of the oldest task that is due and not yet started.  Only the
database backend (django-tasks-db) has a queue to look at; for any other
backend ``queue_state`` returns None.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Min, Q
from django.tasks.base import TaskResultStatus

DATABASE_BACKEND = "django_tasks_db.DatabaseBackend"


@dataclass(frozen=True)
class QueueState:
    ready: int
    running: int
    oldest_due: datetime.datetime | None

    def lag_seconds(self, now: datetime.datetime) -> float:
        """Seconds the oldest due task has waited; 0 when none is waiting."""
        if self.oldest_due is None:
            return 0.0
        return max((now - self.oldest_due).total_seconds(), 0.0)


def has_database_queue() -> bool:
    return bool(settings.TASKS.get("default", {}).get("BACKEND") == DATABASE_BACKEND)


def queue_state(now: datetime.datetime) -> QueueState | None:
    """The queue as it is at ``now``: one aggregate query; None without a database queue."""
    if not has_database_queue():
        return None
    from django_tasks_db.models import DBTaskResult, get_date_max

    never = get_date_max()
    ready = Q(status=TaskResultStatus.READY)
    not_deferred = ready & Q(run_after=never)
    deferred_and_due = ready & Q(run_after__lte=now) & ~Q(run_after=never)
    unfinished = DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
    )
    totals = unfinished.aggregate(
        ready=Count("id", filter=not_deferred | deferred_and_due),
        running=Count("id", filter=Q(status=TaskResultStatus.RUNNING)),
        oldest_enqueued=Min("enqueued_at", filter=not_deferred),
        oldest_run_after=Min("run_after", filter=deferred_and_due),
    )
    candidates = [totals["oldest_enqueued"], totals["oldest_run_after"]]
    due = [moment for moment in candidates if moment is not None]
    return QueueState(
        ready=totals["ready"], running=totals["running"], oldest_due=min(due) if due else None
    )
