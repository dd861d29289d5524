"""The search index's nightly check: find the stories whose document drifted, and mend them."""

from __future__ import annotations

from crontask import cron
from django.tasks import task

from newsbudget.search import services


@cron("15 4 * * *")
@task
def repair_search_index() -> dict[str, int]:
    """Every night at 04:15: compare each story's document with its text, rewrite what drifted."""
    drift = services.check_index(repair=True)
    return {
        "checked": drift.checked,
        "missing": len(drift.missing),
        "stale": len(drift.stale),
        "engine_rebuilt": int(not drift.engine_in_step),
    }
