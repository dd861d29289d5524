"""Background work for headline tests: flushing impressions and clicks counted in the cache."""

from __future__ import annotations

from crontask import cron
from django.tasks import task

from newsbudget.experiments import services


@cron("* * * * *")
@task
def flush_headline_counts() -> dict[str, int]:
    """Every minute: add the closed windows of impressions and clicks to the variants' rows."""
    flushed = services.flush_headline_counts()
    return {
        "windows": flushed.windows,
        "events": flushed.total,
        "already_flushed": flushed.already_flushed,
        "postponed": flushed.postponed,
    }
