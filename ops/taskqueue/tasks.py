"""The task queue's own scheduled job: forgetting idempotency keys nobody will ask about again."""

from __future__ import annotations

import datetime

from crontask import cron
from django.conf import settings
from django.tasks import task
from django.utils import timezone

from ops.taskqueue.models import IdempotencyKey

BATCH = 5000


@cron("17 3 * * *")
@task
def forget_old_idempotency_keys() -> int:
    """Daily: delete keys older than ``IDEMPOTENCY_KEY_DAYS``, in batches; return how many."""
    cutoff = timezone.now() - datetime.timedelta(days=settings.IDEMPOTENCY_KEY_DAYS)
    deleted = 0
    while True:
        batch = list(
            IdempotencyKey.objects.filter(created_at__lt=cutoff).values_list("pk", flat=True)[
                :BATCH
            ]
        )
        if not batch:
            return deleted
        deleted += IdempotencyKey.objects.filter(pk__in=batch).delete()[0]
