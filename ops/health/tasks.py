"""The availability monitor as a scheduled task: every minute, if AVAILABILITY_MONITOR_IN_SCHEDULER.

The monitor is best run from cron on another machine (a monitor on the site's
own machines goes down with them); running it from the scheduler as well is
for one-machine set-ups, and is off by default.  The task always exists, so a
worker can run one already queued; the ``@cron`` registration (which
crontask's scheduler picks up when it imports every app's ``tasks`` module)
happens only when the setting is on, read when the scheduler starts.

The task's outcome (returned, so it is stored with the task result) is the
same as ``check_availability --json``; alerts it could not deliver are logged
as errors, since no one reads a worker's stderr.
"""

from __future__ import annotations

import logging
from typing import Any

from crontask import cron
from django.conf import settings
from django.tasks import Task, task

from ops.health.availability import Config, monitor

logger = logging.getLogger(__name__)
SCHEDULE = "* * * * *"


@task
def check_availability() -> dict[str, Any]:
    """Run the availability monitor once with the AVAILABILITY_* settings."""
    outcome = monitor(Config.from_settings())
    for problem in [*outcome.warnings, *outcome.errors]:
        logger.error("Availability monitor: %s", problem)
    if outcome.down:
        logger.warning("Availability monitor: something is down:\n%s", outcome.summary())
    return outcome.as_dict()


def schedule_if_enabled(job: Task[[], dict[str, Any]]) -> bool:
    """Register ``job`` with the scheduler every minute if the setting asks; whether it did."""
    if not settings.AVAILABILITY_MONITOR_IN_SCHEDULER:
        return False
    cron(SCHEDULE)(job)
    return True


schedule_if_enabled(check_availability)
