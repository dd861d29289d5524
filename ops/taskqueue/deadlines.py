"""Interrupting a running task when its time is up, or when the worker must stop.

The worker runs each task in its main thread.  Two deadlines can end a task
early: its own time limit (the policy's ``timeout_seconds``) and, after a
SIGTERM, the end of the worker's shutdown grace period.  One real-time timer
(``setitimer(ITIMER_REAL)``, delivering SIGALRM) is armed for whichever comes
first; its handler raises ``TaskTimedOut`` or ``WorkerStopping`` inside the
task, between two Python bytecodes — also out of a ``time.sleep`` or a socket
wait, which the signal interrupts.

Both exceptions derive from ``BaseException``, like ``KeyboardInterrupt``: a
task's ``except Exception`` cannot swallow them and carry on past its limit.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any


class TaskTimedOut(BaseException):
    """The task ran past its time limit."""


class WorkerStopping(BaseException):
    """The worker was told to stop and the task did not finish within the grace period."""


class Deadlines:
    """The task's time limit and the worker's stop deadline, as one SIGALRM timer."""

    def __init__(self) -> None:
        self.task_deadline: float | None = None
        self.task_limit = 0.0
        self.stop_deadline: float | None = None

    @contextmanager
    def task(self, limit_seconds: float) -> Iterator[None]:
        """Run the body with ``limit_seconds`` to finish; disarm the timer afterwards."""
        previous = signal.signal(signal.SIGALRM, self._expired)
        self.task_limit = limit_seconds
        self.task_deadline = time.monotonic() + limit_seconds
        self._arm()
        try:
            yield
        finally:
            self.task_deadline = None
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)

    def stop_within(self, grace_seconds: float) -> None:
        """The worker must stop: a running task has ``grace_seconds`` more, at most."""
        deadline = time.monotonic() + grace_seconds
        if self.stop_deadline is None or deadline < self.stop_deadline:
            self.stop_deadline = deadline
        if self.task_deadline is not None:
            self._arm()

    def _arm(self) -> None:
        deadlines = [d for d in (self.task_deadline, self.stop_deadline) if d is not None]
        remaining = min(deadlines) - time.monotonic()
        # setitimer(…, 0) would disarm the timer: a deadline already passed fires at once.
        signal.setitimer(signal.ITIMER_REAL, max(remaining, 0.001))

    def _expired(self, signum: int, frame: FrameType | None) -> Any:
        now = time.monotonic()
        if self.stop_deadline is not None and now >= self.stop_deadline:
            raise WorkerStopping("the worker is stopping and the task's grace period ended")
        if self.task_deadline is not None and now >= self.task_deadline:
            raise TaskTimedOut(f"the task ran longer than its limit of {self.task_limit:g} s")
        self._arm()  # woken early (the timer's resolution): wait for the rest
