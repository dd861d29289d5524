"""The nightly backup, run by the worker when the scheduler enqueues it."""

from __future__ import annotations

import logging

from crontask import cron
from django.conf import settings
from django.tasks import task

from ops.backup import services
from ops.taskqueue.policy import retry_policy

logger = logging.getLogger("ops.backup")


@cron("30 2 * * *")
@retry_policy(max_attempts=2, timeout_seconds=settings.BACKUP_TIMEOUT_SECONDS)
@task
def nightly_backup() -> str:
    """Every night at 02:30: a backup, old ones pruned; its stamp."""
    made = services.make_backup(say=logger.info)
    return made.stamp
