"""The scheduler's job for the dashboard: roll up the last minutes of traffic, every minute."""

from __future__ import annotations

from crontask import cron
from django.tasks import task
from django.utils import timezone

from ops.dashboard import rollup


@cron("* * * * *")
@task
def roll_up_traffic() -> dict[str, int]:
    """Every minute: write ``MinuteRollup`` rows for the minutes just finished."""
    run = rollup.roll_up(now=timezone.now())
    return {"minutes": run.minutes_written, "requests": run.requests, "deleted": run.deleted}
