"""How each task may be attempted: how many times, with what backoff, within what time.

A policy comes from settings (``TASK_MAX_ATTEMPTS``, ``TASK_RETRY_FIRST_SECONDS``,
``TASK_RETRY_MAX_SECONDS``, ``TASK_TIMEOUT_SECONDS``) unless the task declares
its own, above ``@task``::

    @retry_policy(max_attempts=5, timeout_seconds=30, retry_on=(PurgeError,))
    @task
    def purge_urls(urls): ...

``retry_on`` names the exceptions worth another attempt (all of them by
default); any other exception fails the task at once, as a bug should.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass, replace

from django.conf import settings
from django.tasks import Task


@dataclass(frozen=True)
class Policy:
    max_attempts: int
    first_backoff_seconds: float
    max_backoff_seconds: float
    timeout_seconds: float
    retry_on: tuple[type[BaseException], ...] = (Exception,)

    def backoff(self, attempt: int, *, jitter: float | None = None) -> datetime.timedelta:
        """The wait after failed attempt ``attempt`` (1-based): doubling, capped, less a jitter.

        The jitter (up to a fifth, random unless given) spreads the retries of
        many tasks that failed together, so they do not all come back at once.

        >>> policy = Policy(5, 10, 300, 60)
        >>> [policy.backoff(n, jitter=0).total_seconds() for n in (1, 2, 3, 4)]
        [10.0, 20.0, 40.0, 80.0]
        >>> policy.backoff(30, jitter=0).total_seconds(), policy.backoff(1, jitter=0.2)
        (300.0, datetime.timedelta(seconds=8))
        """
        if jitter is None:
            jitter = random.uniform(0, 0.2)  # noqa: S311 - spreading retries, not a secret
        doubled = self.first_backoff_seconds * 2 ** min(attempt - 1, 32)
        return datetime.timedelta(seconds=min(doubled, self.max_backoff_seconds) * (1 - jitter))

    def retries(self, error: BaseException, attempt: int) -> bool:
        """Whether a task whose attempt ``attempt`` raised ``error`` gets another one."""
        return attempt < self.max_attempts and isinstance(error, self.retry_on)


_declared: dict[str, dict[str, object]] = {}


def default_policy() -> Policy:
    return Policy(
        max_attempts=settings.TASK_MAX_ATTEMPTS,
        first_backoff_seconds=settings.TASK_RETRY_FIRST_SECONDS,
        max_backoff_seconds=settings.TASK_RETRY_MAX_SECONDS,
        timeout_seconds=settings.TASK_TIMEOUT_SECONDS,
    )


def policy_for(task_path: str) -> Policy:
    """The policy of the task at ``task_path``: the defaults, overridden by its declaration."""
    return replace(default_policy(), **_declared.get(task_path, {}))  # type: ignore[arg-type]


def retry_policy(
    *,
    max_attempts: int | None = None,
    first_backoff_seconds: float | None = None,
    max_backoff_seconds: float | None = None,
    timeout_seconds: float | None = None,
    retry_on: tuple[type[BaseException], ...] | None = None,
) -> Callable[[Task], Task]:
    """Declare a task's own policy; what is not given comes from settings when it runs."""
    given = {
        "max_attempts": max_attempts,
        "first_backoff_seconds": first_backoff_seconds,
        "max_backoff_seconds": max_backoff_seconds,
        "timeout_seconds": timeout_seconds,
        "retry_on": retry_on,
    }
    if max_attempts is not None and max_attempts < 1:
        raise ValueError("max_attempts must be at least 1")
    if timeout_seconds is not None and timeout_seconds <= 0:
        raise ValueError("timeout_seconds must be positive")

    def declare(task: Task) -> Task:
        _declared[task.module_path] = {
            name: value for name, value in given.items() if value is not None
        }
        return task

    return declare
