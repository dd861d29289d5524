"""The request line's fast path: the same renderer, written straight to the same handler.

One line per request is the most frequently written line there is.  Through
the standard route (structlog's processors, a ``LogRecord``, the handler
machinery, ``ProcessorFormatter`` copying the event) it cost about 100 µs of
CPU on the development machine, most of the telemetry's cost per request
(``make bench-telemetry``, docs/performance.md).  This path keeps everything a
reader of the log sees — the same renderer (JSON or console, per
``LOG_FORMAT``), the same stdout handler and its lock, the levels set in
``LOGGING`` for the logger named — and skips the rest, for events whose
fields the caller has already made safe (no redaction pass).

``configure()`` (ops.logs.setup) installs it for the ``stdout`` handler each
time logging is configured; without that handler (another logging set-up),
``write`` reports False and the caller logs the ordinary way.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from typing import Any

import structlog

LEVEL_NAMES = {logging.INFO: "info", logging.WARNING: "warning", logging.ERROR: "error"}


@dataclass
class HotPath:
    handler: logging.StreamHandler[Any]
    renderer: Any

    def write(self, logger_name: str, level: int, event: str, fields: dict[str, Any]) -> None:
        logger = logging.getLogger(logger_name)
        if not logger.isEnabledFor(level) or level < self.handler.level:
            return
        line = self.renderer(
            None,
            LEVEL_NAMES.get(level, "info"),
            {
                **fields,
                **structlog.contextvars.get_contextvars(),
                "event": event,
                "level": LEVEL_NAMES.get(level, "info"),
                "logger": logger_name,
                "timestamp": now_iso(),
            },
        )
        with self.handler.lock:  # type: ignore[union-attr]
            self.handler.stream.write(line + self.handler.terminator)
            self.handler.flush()


def now_iso() -> str:
    """The time as structlog's ``TimeStamper(fmt="iso", utc=True)`` writes it."""
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


_installed: list[HotPath] = []


def install(handler: logging.Handler | None, renderer: Any) -> None:
    """Use ``handler`` and ``renderer`` from now on (or nothing, if there is no such handler)."""
    _installed.clear()
    if isinstance(handler, logging.StreamHandler):
        _installed.append(HotPath(handler, renderer))


def write(logger_name: str, level: int, event: str, fields: dict[str, Any]) -> bool:
    """Write one pre-redacted event the fast way; False if the fast path is not installed."""
    if not _installed:
        return False
    _installed[0].write(logger_name, level, event, fields)
    return True
