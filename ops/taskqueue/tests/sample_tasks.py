"""Tasks for the task-queue suites: flaky, failing, buggy, slow and stubborn ones."""

from __future__ import annotations

import logging
import time

from django.tasks import TaskContext, task

from ops.taskqueue.policy import retry_policy

logger = logging.getLogger("ops.taskqueue.tests")


class Flake(ConnectionError):
    """A failure worth retrying."""


@retry_policy(max_attempts=3, first_backoff_seconds=0.01, max_backoff_seconds=0.01)
@task(takes_context=True)
def flaky(context: TaskContext, failures: int) -> str:
    """Fail the first ``failures`` attempts, then succeed."""
    if context.attempt <= failures:
        raise Flake(f"attempt {context.attempt} failed")
    return f"succeeded on attempt {context.attempt}"


@retry_policy(max_attempts=3, first_backoff_seconds=60)
@task
def fails_then_waits() -> None:
    raise Flake("the service is down for a minute")


@retry_policy(max_attempts=2, first_backoff_seconds=0.01, max_backoff_seconds=0.01)
@task
def always_fails() -> None:
    raise Flake("the service is still down")


@retry_policy(max_attempts=5, retry_on=(Flake,))
@task
def has_a_bug() -> None:
    raise ValueError("a bug: retrying would not help")


@retry_policy(max_attempts=1, timeout_seconds=0.3)
@task
def sleeps(seconds: float) -> str:
    time.sleep(seconds)
    return "woke up"


@retry_policy(max_attempts=1, timeout_seconds=0.3)
@task
def swallows_exceptions() -> str:
    """Catches every Exception, as careless code does: the time limit still stops it."""
    for _ in range(100):
        try:
            time.sleep(0.05)
        except Exception:
            logger.exception("ignored")
    return "ran to the end"
