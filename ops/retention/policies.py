"""The retention policies: which rows go, after how long, and deleting them in batches."""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Protocol

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.tasks.base import TaskResultStatus
from django.utils.module_loading import import_string

from ops.sharding import placement


@dataclass(frozen=True)
class DeleteOlderThan:
    """Delete rows of ``model`` whose ``timestamp`` is older than ``days_setting`` days.

    With ``days_setting`` None, rows whose ``timestamp`` has passed go (an expiry date).
    """

    name: str
    model: str
    timestamp: str
    days_setting: str | None
    only: dict[str, Any] = field(default_factory=dict)
    verb: str = "deleted"

    def cutoff(self, now: datetime.datetime) -> datetime.datetime | datetime.date:
        days = getattr(settings, self.days_setting) if self.days_setting else 0
        moment = now - datetime.timedelta(days=days)
        model = apps.get_model(self.model)
        if isinstance(model._meta.get_field(self.timestamp), models.DateTimeField):
            return moment
        return moment.date()

    def due(self, now: datetime.datetime, using: str | None = None) -> models.QuerySet[Any]:
        """Rows past the cutoff (on ``using``, or where the routers say)."""
        model = apps.get_model(self.model)
        old = {f"{self.timestamp}__lt": self.cutoff(now)}
        rows = model._default_manager.filter(**old, **self.only)
        return rows if using is None else rows.using(using)

    def databases(self) -> list[str | None]:
        """Where the rows are: every database of a sharded model (``ops.sharding``), else the
        one the routers pick."""
        model = apps.get_model(self.model)
        if placement.spec_of(model) is not None and placement.enabled():
            return list(placement.scanned_databases())
        return [None]

    def count_due(self, now: datetime.datetime) -> int:
        return sum(self.due(now, using).count() for using in self.databases())

    def delete_batch(self, now: datetime.datetime, size: int, using: str | None = None) -> int:
        """Delete up to ``size`` due rows in one short transaction; how many went."""
        with transaction.atomic(using=using):
            batch = list(self.due(now, using).order_by("pk").values_list("pk", flat=True)[:size])
            if not batch:
                return 0
            self.due(now, using).filter(pk__in=batch).delete()
        return len(batch)

    def apply(self, now: datetime.datetime, size: int, pause: float) -> int:
        """Delete every due row, batch by batch (database by database); how many went."""
        deleted = 0
        for using in self.databases():
            deleted += in_batches(partial(self.delete_batch, now, size, using), size, pause)
        return deleted


def in_batches(batch: Callable[[], int], size: int, pause: float) -> int:
    """Run ``batch`` (which handles up to ``size`` rows) until a short one; rows handled."""
    handled = 0
    while done := batch():
        handled += done
        if done < size:
            break
        time.sleep(pause)
    return handled


class Policy(Protocol):
    """What the retention run needs of a policy; apps add their own (``RETENTION_POLICIES``)."""

    @property
    def name(self) -> str: ...

    @property
    def verb(self) -> str:
        """What happens to a due row: "deleted", "archived"."""
        ...

    def cutoff(self, now: datetime.datetime) -> datetime.datetime | datetime.date: ...

    def due(self, now: datetime.datetime) -> models.QuerySet[Any]: ...

    def apply(self, now: datetime.datetime, size: int, pause: float) -> int: ...


def all_policies() -> list[Policy]:
    """The policies of every list named in ``RETENTION_POLICIES``, in order."""
    return [policy for path in settings.RETENTION_POLICIES for policy in import_string(path)]


FINISHED = [TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED]

POLICIES: list[Policy] = [
    DeleteOlderThan("API usage rows", "apikeys.KeyUsage", "day", "RETENTION_API_USAGE_DAYS"),
    DeleteOlderThan(
        "Dashboard rollups", "dashboard.MinuteRollup", "minute", "ROLLUP_RETENTION_DAYS"
    ),
    DeleteOlderThan("Expired sessions", "sessions.Session", "expire_date", None),
    DeleteOlderThan(
        "Finished task results",
        "django_tasks_database.DBTaskResult",
        "finished_at",
        "RETENTION_TASK_RESULTS_DAYS",
        only={"status__in": FINISHED},
    ),
    DeleteOlderThan(
        "Idempotency keys", "taskqueue.IdempotencyKey", "created_at", "IDEMPOTENCY_KEY_DAYS"
    ),
]
