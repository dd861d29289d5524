"""Background work for readership: flushing the page views counted in the cache, every minute."""

from __future__ import annotations

from crontask import cron
from django.tasks import task

from newsbudget.readership import services


@cron("* * * * *")
@task
def flush_page_views() -> dict[str, int]:
    """Every minute: write the closed windows of page views into ``StoryViews`` rows."""
    flushed = services.flush_page_views()
    return {
        "windows": flushed.windows,
        "views": flushed.total,
        "already_flushed": flushed.already_flushed,
        "postponed": flushed.postponed,
    }
