"""``manage.py scheduler``: crontask's scheduler behind a database lease, its lines as log records.

Only one scheduler is active at a time: before starting its jobs, the command
takes the ``scheduler`` lease (``ops.scheduler.lease``), waiting as a standby
while another process holds it; crontask renews it every third of
``SCHEDULER_LEASE_SECONDS`` and stops the scheduler if it is lost (the process
then exits 1, and its supervisor starts it again, as a standby).  On SIGTERM
the lease is released so a standby takes over at once; after a SIGKILL it
takes over once the lease expires.

crontask's command reports what it does (tasks loaded, started, stopping) with
``self.stdout.write``, which bypasses logging: in production those lines would
be the only ones on the scheduler's stdout that are not JSON.  This command is
crontask's, with its standard output and error replaced by streams that turn
each line into a record of the ``crontask`` logger (INFO and ERROR), so they
are rendered like every other line (ops.logs).  The jobs and their SIGTERM
handling are crontask's own.
"""

from __future__ import annotations

import importlib
import io
import logging
import signal
import sys
from typing import Any

from apscheduler.schedulers import SchedulerNotRunningError
from crontask import scheduler
from crontask.management.commands.crontask import Command as CrontaskCommand
from crontask.management.commands.crontask import kill_softly
from django.conf import settings

from ops.scheduler.lease import DatabaseLease

LEASE_NAME = "scheduler"


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

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["no_task_loading"]:
            self.load_tasks(options)
        if not options["no_heartbeat"]:
            importlib.import_module("crontask.tasks")
        lease = DatabaseLease(LEASE_NAME, settings.SCHEDULER_LEASE_SECONDS)
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(signum, kill_softly)
        try:
            lease.wait_until_acquired(poll_seconds=settings.SCHEDULER_LEASE_SECONDS / 3)
        except KeyboardInterrupt as stop:
            self.stdout.write(f"{stop} Stopped while standing by.")
            return
        try:
            self.launch_scheduler(lease, scheduler)
        except KeyboardInterrupt as stop:  # a signal before crontask's own handling began
            self.stdout.write(str(stop))
            self.stdout.write("Shutting down scheduler…")
            if scheduler.running:
                scheduler.shutdown()
        except SchedulerNotRunningError:
            # A signal inside apscheduler's start(), before it was running: crontask's own
            # handler then shuts down a scheduler that never ran, which raises.  No job ran.
            self.stdout.write("Stopped before the scheduler started.")
        finally:
            still_ours = lease.held()
            lease.release()
        if not still_ours:
            self.stderr.write("The scheduler lease was lost; stopped the jobs.")
            sys.exit(1)
