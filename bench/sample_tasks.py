"""The task the queue benchmark runs: nothing, so only the queue's own cost is measured."""

from __future__ import annotations

from django.tasks import task


@task
def noop() -> None:
    """Do nothing."""
