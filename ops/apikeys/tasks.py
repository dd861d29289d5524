"""Background work for API keys: flushing the buffered usage counts to the database every minute."""

from __future__ import annotations

from crontask import cron
from django.tasks import task
from django.utils import timezone

from ops.apikeys import metering


@cron("* * * * *")
@task
def flush_api_usage() -> dict[str, int | bool]:
    """Every minute: move the usage counted in the cache into ``KeyUsage`` rows."""
    flushed = metering.flush(now=timezone.now())
    return {
        "rows": flushed.rows,
        "requests": flushed.requests,
        "response_bytes": flushed.response_bytes,
        "skipped": flushed.skipped,
    }
