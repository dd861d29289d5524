"""Where unhandled exceptions enter the tracker: a failed request, a failed task.

Django sends ``got_request_exception`` only for exceptions that become a
500 (a 404, 403 or 400 is an answer, not an error), from inside its
exception handling, so ``sys.exc_info()`` holds the exception.  The task
sink is called by ops.telemetry inside the worker's ``except`` block for the
same reason.
"""

from __future__ import annotations

import sys
from typing import Any

from django.http import HttpRequest

from ops.errors.models import ErrorGroup
from ops.errors.tracker import Occurrence, record
from ops.telemetry.records import TaskRecord


def on_request_exception(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    _type, exception, tb = sys.exc_info()
    if exception is None:
        return
    where = f"{request.method} {request.path}"[:500] if request is not None else "a request"
    record(
        Occurrence(
            exception=exception,
            tb=tb,
            kind=ErrorGroup.Kind.REQUEST,
            where=where,
            request_id=str(getattr(request, "request_id", "")),
            request=request,
        )
    )


def task_sink(task: TaskRecord) -> None:
    """Task sink (``TELEMETRY_TASK_SINKS``): a failed run is an occurrence."""
    if task.outcome != "failed":
        return
    _type, exception, tb = sys.exc_info()
    if exception is None:
        return
    record(
        Occurrence(
            exception=exception,
            tb=tb,
            kind=ErrorGroup.Kind.TASK,
            where=f"task {task.task_name} ({task.task_id}, attempt {task.attempt})",
            request_id=task.request_id,
        )
    )
