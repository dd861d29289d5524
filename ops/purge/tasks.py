"""The background purge: ``purge_urls``, retried by the worker with exponential backoff.

Purges go through a task so no request ever waits on a CDN's API, and a
failing API is retried instead of leaving stale pages behind.  The worker
(ops.taskqueue) does the retrying by this task's policy: after a
``PurgeError`` the task waits 10 s, 20 s, 40 s, 80 s (less a jitter), and
after the fifth failed attempt it stays FAILED — a purge that never happened,
listed with its error in the admin, where it can be re-queued.  Any other
exception is a bug and fails at once.  Purging a page twice is harmless, so a
retry simply repeats the whole list.

Nothing is enqueued when no backend is configured (``NullPurge``): the
embedded default writes no task rows for work that does nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import transaction
from django.tasks import task

from ops.purge.backends import load_backend, purge_enabled
from ops.purge.backends.base import PurgeError
from ops.taskqueue.policy import retry_policy

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


@retry_policy(
    max_attempts=MAX_ATTEMPTS,
    first_backoff_seconds=10,
    max_backoff_seconds=300,
    retry_on=(PurgeError,),
)
@task
def purge_urls(urls: list[str]) -> dict[str, int]:
    """Purge ``urls`` from the upstream cache; a ``PurgeError`` makes the worker retry later."""
    load_backend().purge(urls)
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
