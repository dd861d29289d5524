"""One line per task run, carrying the id of the request that enqueued it, and its measurement.

``django.tasks`` sends ``task_enqueued`` in the process that enqueues (a web
request, usually), and ``task_started`` / ``task_finished`` in the worker that
runs the task, maybe on another machine, maybe after a retry.  The request
id cannot travel in the task's arguments (they are the task function's
own), so the enqueuing side writes ``task id → request id`` into the shared
cache for a week, and the worker reads it back when the task starts.  If the
cache lost it, the task line simply has no request id.

While the task runs, its id, name and originating request id are bound to
every log line it writes, and it is measured like a request.  When it
finishes, one ``task`` line gives id, name, attempt, outcome, duration and
query count, and the record goes to the task sinks (metrics, the embedded
error tracker) — called inside the worker's ``except`` block for a failed
task, so ``sys.exc_info()`` still holds the exception.

Django's own ``task_started``/``task_finished`` log receivers are
disconnected: this line replaces theirs.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import structlog
from django.core.cache import cache
from django.tasks.base import TaskResult
from django.tasks.signals import (
    log_task_finished,
    log_task_started,
    task_enqueued,
    task_finished,
    task_started,
)
from django.utils import timezone

from ops.telemetry import measure
from ops.telemetry.records import TaskRecord, deliver

logger = structlog.get_logger("ops.tasks")
std_logger = logging.getLogger(__name__)

ORIGIN_KEY = "task-origin:{id}"
ORIGIN_SECONDS = 7 * 86400


@dataclass
class Run:
    measurement: measure.Measurement
    measure_token: Any
    context_tokens: Mapping[str, Any]
    request_id: str


_runs: ContextVar[dict[str, Run] | None] = ContextVar("telemetry_task_runs", default=None)


def remember_origin(sender: Any, task_result: TaskResult, **kwargs: Any) -> None:
    """``task_enqueued``: note which request enqueued this task, for the worker to find."""
    request_id = structlog.contextvars.get_contextvars().get("request_id")
    if not request_id:
        return
    try:
        cache.set(ORIGIN_KEY.format(id=task_result.id), request_id, ORIGIN_SECONDS)
    except Exception:
        std_logger.warning("Could not remember the request of task %s", task_result.id)


def origin_of(task_id: str) -> str:
    try:
        return str(cache.get(ORIGIN_KEY.format(id=task_id)) or "")
    except Exception:
        return ""


def begin(sender: Any, task_result: TaskResult, **kwargs: Any) -> None:
    """``task_started``: bind the task's identity to the log context and start measuring."""
    request_id = origin_of(task_result.id)
    context = {"task_id": task_result.id, "task_name": task_result.task.name}
    if request_id:
        context["request_id"] = request_id
    context_tokens = structlog.contextvars.bind_contextvars(**context)
    measurement, measure_token = measure.start()
    runs = dict(_runs.get() or {})
    runs[task_result.id] = Run(measurement, measure_token, context_tokens, request_id)
    _runs.set(runs)


def end(sender: Any, task_result: TaskResult, **kwargs: Any) -> None:
    """``task_finished``: write the task line, hand the record on, restore the context."""
    runs = dict(_runs.get() or {})
    run = runs.pop(task_result.id, None)
    _runs.set(runs)
    try:
        record = record_of(task_result, run)
        log_task(record)
        deliver(record)
    finally:
        if run is not None:
            measure.stop(run.measure_token)
            structlog.contextvars.reset_contextvars(**run.context_tokens)


def record_of(task_result: TaskResult, run: Run | None) -> TaskRecord:
    measurement = run.measurement if run is not None else None
    if measurement is not None:
        duration_ms = measurement.elapsed_ms()
    elif task_result.started_at and task_result.finished_at:
        duration_ms = (task_result.finished_at - task_result.started_at).total_seconds() * 1000
    else:
        duration_ms = 0.0
    return TaskRecord(
        at=task_result.finished_at or timezone.now(),
        task_id=str(task_result.id),
        task_name=task_result.task.name,
        attempt=max(task_result.attempts, 1),
        outcome=str(task_result.status).lower(),
        duration_ms=round(duration_ms, 2),
        db_queries=measurement.db_queries if measurement else 0,
        cache_hits=measurement.cache_hits if measurement else 0,
        cache_misses=measurement.cache_misses if measurement else 0,
        request_id=run.request_id if run is not None else origin_of(task_result.id),
    )


def log_task(record: TaskRecord) -> None:
    fields = {
        "task_id": record.task_id,
        "task_name": record.task_name,
        "attempt": record.attempt,
        "outcome": record.outcome,
        "duration_ms": record.duration_ms,
        "db_queries": record.db_queries,
        "cache_hits": record.cache_hits,
        "cache_misses": record.cache_misses,
    }
    if record.request_id:
        fields["request_id"] = record.request_id
    if record.outcome == "failed":
        logger.error("task", **fields, exc_info=True)
    else:
        logger.info("task", **fields)


def connect() -> None:
    """Wire the receivers (AppConfig.ready), replacing Django's own task log lines."""
    task_started.disconnect(log_task_started)
    task_finished.disconnect(log_task_finished)
    task_enqueued.connect(remember_origin, dispatch_uid="ops.telemetry.remember_origin")
    task_started.connect(begin, dispatch_uid="ops.telemetry.begin")
    task_finished.connect(end, dispatch_uid="ops.telemetry.end")
