"""``manage.py check_availability``: fetch the site as a reader would, and alert on changes.

A thin shell over ``ops.health.availability.monitor`` (which the scheduler's
task runs too): it turns options into a ``Config`` (each defaulting to its
AVAILABILITY_* setting), prints one line per component (or JSON), reports
alerts it could not deliver on stderr, and exits 0 when everything is up, 1
when something is down and 2 on a bad argument — with a message, never a
traceback, since it runs from cron where nobody reads tracebacks.  System
checks are skipped: the monitor must run when the site's own checks fail.
The client's warning per retry is hidden unless ``--verbosity 2``: the
summary already names every failure and its reason.
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ops.health.availability import BadConfiguration, Config, monitor


class Command(BaseCommand):
    help = (
        "Fetch the readiness URL and each page (default: AVAILABILITY_URLS), explain failures by "
        "the dependencies readiness reports, and alert by email/webhook when a component goes "
        "down or recovers.  Exit status: 0 all up, 1 something down, 2 bad arguments."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "urls", nargs="*", metavar="URL", help="pages to fetch (default: AVAILABILITY_URLS)"
        )
        parser.add_argument(
            "--readiness",
            metavar="URL",
            help='the readiness URL (default: AVAILABILITY_READINESS_URL; "" for none)',
        )
        parser.add_argument(
            "--timeout",
            metavar="SECONDS",
            help="per request, more than 0 and at most 60 (default: AVAILABILITY_TIMEOUT_SECONDS)",
        )
        parser.add_argument(
            "--state",
            metavar="FILE",
            help="where to remember each component (default: AVAILABILITY_STATE_FILE)",
        )
        parser.add_argument(
            "--email",
            metavar="ADDR",
            action="append",
            help="alert this address; repeatable (default: AVAILABILITY_ALERT_EMAILS, else ADMINS)",
        )
        parser.add_argument(
            "--webhook", metavar="URL", help="POST alerts here (default: AVAILABILITY_WEBHOOK_URL)"
        )
        parser.add_argument("--json", action="store_true", help="print the outcome as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            config = Config.from_settings(
                pages=tuple(options["urls"]) or None,
                readiness=options["readiness"],
                timeout=seconds(options["timeout"]),
                state_file=Path(options["state"]) if options["state"] else None,
                emails=tuple(options["email"]) if options["email"] else None,
                webhook=options["webhook"],
            )
            with client_logs_quieted(unless=options["verbosity"] >= 2):
                outcome = monitor(config)
        except BadConfiguration as error:
            raise CommandError(str(error), returncode=2) from None
        for warning in outcome.warnings:
            self.stderr.write(warning)
        if options["json"]:
            self.stdout.write(json.dumps(outcome.as_dict(), indent=2))
        else:
            self.stdout.write(outcome.summary())
            for channel, lines in outcome.alerts.items():
                sent = "printed" if channel == "none" else f"sent by {channel}"
                for line in lines:
                    self.stdout.write(f"ALERT     {line} ({sent})")
        for problem in outcome.errors:
            self.stderr.write(problem)
        if outcome.down:
            raise SystemExit(1)


def seconds(value: str | None) -> float | None:
    """The --timeout value in seconds (None if not given), or ``BadConfiguration``."""
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        raise BadConfiguration(f"--timeout must be a number of seconds, got {value!r}") from None


@contextlib.contextmanager
def client_logs_quieted(*, unless: bool) -> Iterator[None]:
    """Hide ops.http's warning per retry: the summary already says what failed, and why."""
    client_logger = logging.getLogger("ops.http")
    level = client_logger.level
    if not unless:
        client_logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        client_logger.setLevel(level)
