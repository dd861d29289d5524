"""Capture what the processes would write to stdout, rendered by the real logging configuration.

The stdout handler holds the stream it was configured with, so capturing
means configuring logging again with ``sys.stdout`` swapped for a buffer,
then configuring it back from the settings afterwards.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from ops.logs.setup import configure, logging_config


@dataclass
class CapturedLog:
    buffer: io.StringIO = field(default_factory=io.StringIO)

    def text(self) -> str:
        for handler in _stdout_handlers():
            handler.flush()
        return self.buffer.getvalue()

    def lines(self) -> list[dict[str, Any]]:
        """Every line, parsed as JSON (fails the test on a line that is not JSON)."""
        return [json.loads(line) for line in self.text().splitlines() if line.strip()]

    def events(self, event: str) -> list[dict[str, Any]]:
        return [line for line in self.lines() if line.get("event") == event]


def _stdout_handlers() -> list[Any]:
    import logging

    return [handler for handler in logging.getLogger().handlers if hasattr(handler, "flush")]


@contextlib.contextmanager
def captured_log(log_format: str = "json", level: str = "INFO") -> Iterator[CapturedLog]:
    captured = CapturedLog()
    real_stdout = sys.stdout
    sys.stdout = captured.buffer
    try:
        configure(logging_config(level=level, log_format=log_format))
    finally:
        sys.stdout = real_stdout
    try:
        yield captured
    finally:
        configure(settings.LOGGING)
