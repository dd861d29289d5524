"""Tasks for the telemetry suites: one that succeeds, one that always fails."""

from __future__ import annotations

import logging

from django.tasks import task

logger = logging.getLogger("ops.telemetry.tests")


class SampleFailure(RuntimeError):
    """The failing task's error."""


@task
def succeed(amount: int) -> int:
    logger.info("adding %s", amount)
    return amount + 1


@task
def fail() -> None:
    raise SampleFailure("the sample task failed")
