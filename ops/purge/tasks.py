"""The background purge: ``purge_urls`` with retries and exponential backoff, and enqueueing it.

Purges go through a task so no request ever waits on a CDN's API, and a
failing API is retried instead of leaving stale pages behind.  django.tasks
(Django 6.1) has no retry of its own, so a failed attempt re-enqueues the task
with ``run_after`` = now + backoff and the attempt number in its arguments:
10 s, 20 s, 40 s, 80 s, then it gives up after the fifth attempt, logs an
error and fails (a FAILED row is a purge that never happened; intermediate
failures are warnings, and their rows end successfully, saying when the retry
runs).  Purging a page twice is harmless, so a retry simply repeats the whole
list.

Nothing is enqueued when no backend is configured (``NullPurge``): the
embedded default writes no task rows for work that does nothing.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from ops.purge.backends import load_backend, purge_enabled
from ops.purge.backends.base import PurgeError

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
FIRST_BACKOFF_SECONDS = 10
MAX_BACKOFF_SECONDS = 300


def backoff(attempt: int) -> datetime.timedelta:
    """How long to wait after failed attempt number ``attempt`` (1-based).

    >>> [backoff(n).total_seconds() for n in range(1, 5)]
    [10.0, 20.0, 40.0, 80.0]
    >>> backoff(30).total_seconds()
    300.0
    """
    seconds = FIRST_BACKOFF_SECONDS * 2 ** min(attempt - 1, 16)
    return datetime.timedelta(seconds=min(seconds, MAX_BACKOFF_SECONDS))


@task
def purge_urls(urls: list[str], attempt: int = 1) -> dict[str, Any]:
    """Purge ``urls`` from the upstream cache; on failure, retry later (up to MAX_ATTEMPTS)."""
    try:
        load_backend().purge(urls)
    except PurgeError as error:
        if attempt >= MAX_ATTEMPTS:
            logger.error(
                "Gave up purging %s URL(s) after %s attempts: %s", len(urls), attempt, error
            )
            raise
        run_after = timezone.now() + backoff(attempt)
        purge_urls.using(run_after=run_after).enqueue(urls, attempt + 1)
        logger.warning(
            "Purge attempt %s of %s failed (%s); retrying at %s",
            attempt, MAX_ATTEMPTS, error, run_after.isoformat(),
        )  # fmt: skip
        return {"purged": 0, "retry_at": run_after.isoformat(), "next_attempt": attempt + 1}
    logger.info("Purged %s URL(s) from the upstream cache: %s", len(urls), " ".join(urls))
    return {"purged": len(urls)}


def enqueue_purge(urls: Iterable[str]) -> None:
    """Enqueue one ``purge_urls`` for ``urls`` now, if a purge backend is configured."""
    unique = sorted(set(urls))
    if unique and purge_enabled():
        purge_urls.enqueue(unique)


def purge_on_commit(urls: Iterable[str], *, using: str | None = None) -> None:
    """Enqueue the purge once the current transaction commits (after its version bumps).

    A rolled-back write purges nothing, and the purge can never run before the
    change it announces is visible to the app.
    """
    if not purge_enabled():
        return
    frozen = sorted(set(urls))
    if frozen:
        transaction.on_commit(lambda: enqueue_purge(frozen), using=using)
