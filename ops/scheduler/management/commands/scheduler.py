"""``manage.py scheduler``: crontask's scheduler, its status lines written as log records.

crontask's command reports what it does (tasks loaded, started, stopping) with
``self.stdout.write``, which bypasses logging: in production those lines would
be the only ones on the scheduler's stdout that are not JSON.  This command is
crontask's, with its standard output and error replaced by streams that turn
each line into a record of the ``crontask`` logger (INFO and ERROR), so they
are rendered like every other line (ops.logs).  Everything else — the jobs, the
lock, SIGTERM handling — is crontask's own.
"""

from __future__ import annotations

import io
import logging
from typing import Any

from crontask.management.commands.crontask import Command as CrontaskCommand


class LogStream(io.TextIOBase):
    """A text stream whose every line becomes one log record."""

    def __init__(self, logger: logging.Logger, level: int) -> None:
        super().__init__()
        self.logger, self.level = logger, level

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        for line in text.splitlines():
            if line.strip():
                self.logger.log(self.level, line.strip())
        return len(text)


class Command(CrontaskCommand):
    help = "Run the task scheduler (crontask), logging its status lines."

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        logger = logging.getLogger("crontask")
        super().__init__(
            stdout=LogStream(logger, logging.INFO),
            stderr=LogStream(logger, logging.ERROR),
            no_color=True,
        )
