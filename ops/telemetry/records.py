"""The measurement of one finished request or task, as every consumer receives it.

The middleware and the task signal handlers build one record per unit of work
and hand it to each *sink* named in ``TELEMETRY_REQUEST_SINKS`` /
``TELEMETRY_TASK_SINKS`` (dotted paths, like Django's backends): the
Prometheus instruments and the per-minute rollups.  The log line is written
by ops.telemetry itself.  A sink that fails is logged and skipped: measuring
must never fail the work it measures.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RequestRecord:
    """One request, as the request line shows it."""

    at: datetime.datetime
    request_id: str
    method: str
    route: str
    path: str
    query: str
    status: int
    duration_ms: float
    db_queries: int
    db_ms: float
    cache_hits: int
    cache_misses: int
    client_ip: str = ""
    user_agent: str = ""
    user_id: int | None = None
    api_key: str = ""
    slow_queries: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class TaskRecord:
    """One task run, as the task line shows it."""

    at: datetime.datetime
    task_id: str
    task_name: str
    attempt: int
    outcome: str
    duration_ms: float
    db_queries: int
    cache_hits: int
    cache_misses: int
    request_id: str = ""


@cache
def load_sinks(paths: tuple[str, ...]) -> list[Callable[[Any], None]]:
    return [import_string(path) for path in paths]


def deliver(record: RequestRecord | TaskRecord) -> None:
    """Hand ``record`` to every configured sink; a failing sink is logged, never raised."""
    setting = (
        "TELEMETRY_REQUEST_SINKS" if isinstance(record, RequestRecord) else "TELEMETRY_TASK_SINKS"
    )
    for sink in load_sinks(tuple(getattr(settings, setting, ()))):
        try:
            sink(record)
        except Exception:
            logger.exception("Telemetry sink %s failed", getattr(sink, "__qualname__", sink))
