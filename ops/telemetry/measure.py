"""What one request or one task cost: database queries and their time, cache hits and misses.

A ``Measurement`` lives in a context variable for the duration of the unit of
work (ops.telemetry.middleware for requests, ops.telemetry.tasks for tasks),
so concurrent requests in threads or coroutines never mix their counts, and
code outside any unit of work (a management command) counts nothing.

Queries are counted by an execute wrapper installed on every database
connection as it connects (``connection_created``), not only under DEBUG:
one function call and two clock reads per query.  It keeps the few slowest
statements (SQL text only, never the parameters, which may be personal data
or secrets) for the slow-request log.  Cache hits and misses are reported by
the cache backends themselves (ops.cache.counting).
"""

from __future__ import annotations

import contextlib
import heapq
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created

from ops.logs.redact import redact_text

SLOWEST_KEPT = 5
MAX_SQL_CHARS = 500


@dataclass
class Measurement:
    """Counters for one unit of work."""

    started: float = field(default_factory=time.perf_counter)
    db_queries: int = 0
    db_seconds: float = 0.0
    cache_hits: int = 0
    cache_misses: int = 0
    slowest: list[tuple[float, int, str]] = field(default_factory=list)

    def elapsed_ms(self) -> float:
        return (time.perf_counter() - self.started) * 1000

    def record_query(self, sql: str, seconds: float) -> None:
        self.db_queries += 1
        self.db_seconds += seconds
        entry = (seconds, self.db_queries, sql)
        if len(self.slowest) < SLOWEST_KEPT:
            heapq.heappush(self.slowest, entry)
        elif seconds > self.slowest[0][0]:
            heapq.heapreplace(self.slowest, entry)

    def slowest_queries(self) -> list[dict[str, Any]]:
        """The slowest statements, slowest first: milliseconds and the SQL (shortened)."""
        ranked = sorted(self.slowest, reverse=True)
        return [
            {
                "ms": round(seconds * 1000, 2),
                "sql": redact_text(" ".join(sql.split())[:MAX_SQL_CHARS]),
            }
            for seconds, _order, sql in ranked
        ]


_current: ContextVar[Measurement | None] = ContextVar("telemetry_measurement", default=None)


def current() -> Measurement | None:
    """The measurement of the request or task running in this context, if any."""
    return _current.get()


@contextlib.contextmanager
def measuring() -> Iterator[Measurement]:
    """Measure the enclosed work; nested units of work get their own, then the outer resumes."""
    measurement = Measurement()
    token = _current.set(measurement)
    try:
        yield measurement
    finally:
        _current.reset(token)


def start() -> tuple[Measurement, Any]:
    """Begin measuring where a ``with`` block cannot span the work (task signals); see ``stop``."""
    measurement = Measurement()
    return measurement, _current.set(measurement)


def stop(token: Any) -> None:
    """End the measurement ``start`` began, restoring the one around it."""
    _current.reset(token)


def count_cache(*, hits: int = 0, misses: int = 0) -> None:
    """Called by the cache backends for every lookup."""
    measurement = _current.get()
    if measurement is not None:
        measurement.cache_hits += hits
        measurement.cache_misses += misses


def count_query(
    execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]
) -> Any:
    """An execute wrapper: time the statement when a unit of work is being measured."""
    measurement = _current.get()
    if measurement is None:
        return execute(sql, params, many, context)
    began = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        measurement.record_query(sql, time.perf_counter() - began)


def install_query_counter(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """``connection_created`` receiver: wrap the new connection's statements, once."""
    if count_query not in connection.execute_wrappers:
        connection.execute_wrappers.append(count_query)


def connect() -> None:
    """Install the query counter on every connection from now on (AppConfig.ready)."""
    connection_created.connect(install_query_counter, dispatch_uid="ops.telemetry.count_query")
