"""The daily retention run, enqueued by the scheduler and run by the worker."""

from __future__ import annotations

import logging

from crontask import cron
from django.conf import settings
from django.tasks import task
from django.utils import timezone

from ops.retention.policies import all_policies

logger = logging.getLogger("ops.retention")


@cron("45 3 * * *")
@task
def apply_retention() -> dict[str, int]:
    """Every day at 03:45: apply every policy; how many rows each deleted (or archived)."""
    now = timezone.now()
    deleted = {}
    for policy in all_policies():
        deleted[policy.name] = policy.apply(
            now, settings.RETENTION_BATCH_SIZE, settings.RETENTION_BATCH_PAUSE_SECONDS
        )
        logger.info("Retention: %s %s: %s", policy.name, policy.verb, deleted[policy.name])
    return deleted
