"""``manage.py worker``: the Procfile's worker — django-tasks-db's, with leases, retries and limits.

Takes the options of ``db_worker`` (queues, interval, ``--batch``,
``--max-tasks``, ``--worker-id``); ``--reload`` is accepted and ignored: an
autoreloader cannot stop a task cleanly.  The lease margin, shutdown grace
and recovery interval come from settings (docs/configuration.md).
"""

from __future__ import annotations

import signal
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from ops.taskqueue.worker import Worker

HANDLED_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)


class Command(DbWorkerCommand):
    help = "Run a background worker: leased tasks, retries with backoff, time limits, recovery."

    def handle(self, *args: Any, **options: Any) -> None:
        self.configure_logging(options["verbosity"])
        exclude = options["exclude_queues"]
        if exclude and "*" not in options["queue_name"].split(","):
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = Worker(
            queue_names=options["queue_name"].split(","),
            excluded_queue_names=exclude.split(",") if exclude else [],
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            shutdown_grace_seconds=settings.WORKER_SHUTDOWN_GRACE_SECONDS,
            lease_margin_seconds=settings.TASK_LEASE_MARGIN_SECONDS,
            recovery_interval_seconds=settings.TASK_RECOVERY_INTERVAL_SECONDS,
        )
        previous = {signum: signal.getsignal(signum) for signum in HANDLED_SIGNALS}
        worker.configure_signals()
        try:
            worker.run()
        finally:  # `call_command("worker", batch=True)` in a test must not keep our handlers
            for signum, handler in previous.items():
                signal.signal(signum, handler)
