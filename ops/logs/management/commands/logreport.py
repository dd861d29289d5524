"""``manage.py logreport [FILE|-]``: read the JSON request log back as a report.

The web processes log one JSON line per request; after an incident or a busy
night this answers "what happened": requests per status, the routes that were
hit and slow (p50/p95/p99), the busiest clients and user agents, suspected bots
and the slowest requests.  It reads a file (``.gz`` too) or standard input
(``-`` or no FILE), streaming, so it works on a log of gigabytes piped from
``journalctl -o cat`` or ``docker logs``.

The numbers come from ops.logs.report; this module only opens the input, turns
options into ``ReportOptions`` and prints one of three formats: a text report
(default), ``--json`` (the whole report as one document) or ``--csv`` (one row
per route).  Text from the log (paths, user agents) is written with control
characters escaped: a user agent is chosen by whoever sent the request, and must
not be able to drive the operator's terminal.
"""

from __future__ import annotations

import csv
import datetime
import gzip
import io
import json
import sys
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import IO, Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ops.logs.report import (
    DEEP_PAGINATION,
    DEFAULT_BOT_RATE,
    DEFAULT_DEEP_PAGE,
    DEFAULT_TOP,
    SKIP_LABELS,
    ClientStats,
    Report,
    ReportOptions,
    RouteStats,
    SuspectedBot,
    analyse,
    isoformat,
    parse_since,
    read_lines,
    report_document,
    share,
)

CSV_COLUMNS = (
    "route",
    "count",
    "errors",
    "client_errors",
    "total_ms",
    "p50_ms",
    "p95_ms",
    "p99_ms",
)
TEXT_WIDTH = 60
"""Paths and user agents longer than this are cut in the text report (never in JSON)."""


class Command(BaseCommand):
    help = (
        "Report on the JSON request log: statuses, routes and latency percentiles, "
        "busiest clients, suspected bots and the slowest requests."
    )
    # Tests pass these through call_command: the input stream and the moment "now".
    stealth_options = ("stdin", "now")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file",
            nargs="?",
            default="-",
            metavar="FILE",
            help="the log to read, plain or .gz; '-' or nothing reads standard input",
        )
        parser.add_argument(
            "--since",
            metavar="WHEN",
            help="only requests from then on: an ISO 8601 time (2026-12-01T20:00:00Z) "
            "or an age counted back from now (30m, 2h, 7d)",
        )
        parser.add_argument(
            "--top",
            metavar="N",
            type=int,
            default=DEFAULT_TOP,
            help=f"rows in each ranking (default {DEFAULT_TOP})",
        )
        parser.add_argument(
            "--json",
            action="store_true",
            dest="as_json",
            help="print the whole report as one JSON document",
        )
        parser.add_argument(
            "--csv",
            action="store_true",
            dest="as_csv",
            help="print one CSV row per route: " + ", ".join(CSV_COLUMNS),
        )
        parser.add_argument(
            "--deep-page",
            metavar="PAGE",
            type=int,
            default=DEFAULT_DEEP_PAGE,
            help="the page number from which pagination counts as deep "
            f"(default {DEFAULT_DEEP_PAGE})",
        )
        parser.add_argument(
            "--bot-rate",
            metavar="N",
            type=int,
            default=DEFAULT_BOT_RATE,
            help="deep-page requests within 60 seconds that make a client a suspected bot "
            f"(default {DEFAULT_BOT_RATE})",
        )

    def handle(
        self,
        *args: Any,
        file: str,
        since: str | None,
        top: int,
        as_json: bool,
        as_csv: bool,
        deep_page: int,
        bot_rate: int,
        **options: Any,
    ) -> None:
        if as_json and as_csv:
            raise CommandError("--json and --csv are exclusive: choose one output format")
        for name, value in (("--top", top), ("--deep-page", deep_page), ("--bot-rate", bot_rate)):
            if value < 1:
                raise CommandError(f"{name} must be 1 or more, got {value}")
        now: datetime.datetime = options.get("now") or timezone.now()
        try:
            since_moment = parse_since(since, now=now) if since is not None else None
        except ValueError as error:
            raise CommandError(f"--since: {error}") from None
        report_options = ReportOptions(
            top=top,
            deep_page=deep_page,
            bot_rate=bot_rate,
            disallow=tuple(getattr(settings, "ROBOTS_DISALLOW", ())),
            blocked_agents=tuple(getattr(settings, "BOT_BLOCKED_USER_AGENTS", ())),
            since=since_moment,
        )
        stdin: IO[str] = options.get("stdin") or sys.stdin
        report = self.read(file, stdin, report_options)
        if as_json:
            self.stdout.write(json.dumps(report_document(report), indent=2))
        elif as_csv:
            self.stdout.write(route_csv(report.routes), ending="")
        else:
            self.stdout.write("\n".join(text_report(report)))

    def read(self, name: str, stdin: IO[str], options: ReportOptions) -> Report:
        label = "standard input" if name == "-" else name
        try:
            with open_log(name, stdin) as stream:
                return analyse(read_lines(stream), options)
        except (OSError, EOFError, zlib.error) as error:
            reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
            raise CommandError(f"Cannot read {label}: {reason}") from None


@contextmanager
def open_log(name: str, stdin: IO[str]) -> Iterator[IO[str]]:
    """The log as text: a file (gzip-compressed when named ``*.gz``) or ``stdin`` for ``-``.

    Bytes that are not UTF-8 become U+FFFD rather than stopping the report.
    """
    if name != "-":
        if name.endswith(".gz"):
            with gzip.open(name, "rt", encoding="utf-8", errors="replace") as stream:
                yield stream
        else:
            with open(name, encoding="utf-8", errors="replace") as stream:
                yield stream
        return
    if getattr(stdin, "isatty", lambda: False)():
        raise CommandError(
            "No FILE given and standard input is a terminal: name a log or pipe one in"
        )
    buffer = getattr(stdin, "buffer", None)
    if buffer is None:
        yield stdin
        return
    wrapper = io.TextIOWrapper(buffer, encoding="utf-8", errors="replace")
    try:
        yield wrapper
    finally:
        wrapper.detach()  # leave the process's stdin open


def route_csv(routes: Sequence[RouteStats]) -> str:
    """Every route, most requested first, one CSV row each under a header row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for stats in routes:
        writer.writerow(
            [
                stats.route,
                stats.count,
                stats.errors,
                stats.client_errors,
                f"{stats.total_ms:.1f}",
                f"{stats.p50:.1f}",
                f"{stats.p95:.1f}",
                f"{stats.p99:.1f}",
            ]
        )
    return out.getvalue()


def text_report(report: Report) -> list[str]:
    """The report as lines of text for a person at a terminal."""
    lines = _overview(report)
    lines += _statuses(report)
    lines += _routes(f"Top {report.options.top} routes by requests", report.routes_by_count)
    lines += _routes(f"Top {report.options.top} routes by total time", report.routes_by_time)
    if any(stats.sampled for stats in report.routes):
        lines.append(
            f"  * percentiles from a sample of {report.options.sample_cap} durations of the route"
        )
    lines += _clients(report, "client IPs", "client IP", report.clients, report.distinct_clients)
    lines += _clients(
        report, "user agents", "user agent", report.user_agents, report.distinct_user_agents
    )
    lines += _bots(report)
    lines += _slowest(report)
    return lines


def _overview(report: Report) -> list[str]:
    if report.first is not None and report.last is not None:
        span = (
            f"From {isoformat(report.first)} to {isoformat(report.last)} "
            f"({_duration(report.last - report.first)})"
        )
    else:
        span = "No requests in the log"
    reasons = ", ".join(
        f"{label}: {report.skipped[reason.value]}" for reason, label in SKIP_LABELS.items()
    )
    lines = [
        "Request log report",
        span,
        f"Requests: {report.requests}",
        f"Skipped lines: {report.skipped_total} ({reasons})",
    ]
    if report.options.since is not None:
        lines.append(
            f"Since {isoformat(report.options.since)}: "
            f"{report.before_since} earlier requests left out"
        )
    return lines


def _statuses(report: Report) -> list[str]:
    rows = [
        [str(status), str(count), _percent(share(count, report.requests))]
        for status, count in report.statuses.items()
    ]
    return [
        "",
        "Requests per status",
        *_table(["status", "requests", "share"], rows, right={0, 1, 2}),
        f"Server errors (5xx): {report.errors} ({_percent(share(report.errors, report.requests))})",
        f"Client errors (4xx): {report.client_errors} "
        f"({_percent(share(report.client_errors, report.requests))})",
    ]


def _routes(title: str, routes: Sequence[RouteStats]) -> list[str]:
    headers = ["route", "requests", "5xx", "4xx", "total ms", "p50 ms", "p95 ms", "p99 ms"]
    rows = [
        [
            _printable(stats.route) + (" *" if stats.sampled else ""),
            str(stats.count),
            str(stats.errors),
            str(stats.client_errors),
            f"{stats.total_ms:.1f}",
            f"{stats.p50:.1f}",
            f"{stats.p95:.1f}",
            f"{stats.p99:.1f}",
        ]
        for stats in routes
    ]
    return ["", f"{title} (latency percentiles by nearest rank)", *_table(headers, rows)]


def _clients(
    report: Report, plural: str, singular: str, ranked: Sequence[ClientStats], distinct: int
) -> list[str]:
    rows = [
        [
            str(stats.requests),
            f"{stats.per_minute:.2f}",
            _clock(stats.first),
            _clock(stats.last),
            _printable(stats.key),
        ]
        for stats in ranked
    ]
    headers = ["requests", "per min", "first", "last", singular]
    return [
        "",
        f"Top {report.options.top} {plural} by requests, of {distinct} "
        "(per minute over each one's own active span, at least a minute)",
        *_table(headers, rows, right={0, 1}),
    ]


def _bots(report: Report) -> list[str]:
    shown = report.bots[: report.options.top]
    options = report.options
    window = int(options.bot_window.total_seconds())
    lines = [
        "",
        f"Suspected bots: {len(report.bots)}"
        + (f" (showing {len(shown)})" if len(shown) < len(report.bots) else ""),
        f"  deep pagination: {options.bot_rate} or more requests for page "
        f"{options.deep_page} or deeper within {window} s",
        "  robots.txt: read /robots.txt, then fetched a path it disallows",
    ]
    if not shown:
        return [*lines, "  none"]
    rows = [[_printable(bot.client_ip), *_bot_row(bot, options)] for bot in shown]
    headers = ["client IP", "reason", "requests", "first seen", "evidence", "user agent"]
    return lines + _table(headers, rows, right={2})


def _bot_row(bot: SuspectedBot, options: ReportOptions) -> list[str]:
    if bot.reason == DEEP_PAGINATION:
        reason = "deep pagination"
        evidence = f"{options.bot_rate} by {_clock(bot.flagged_at)}, at {bot.evidence}"
    else:
        reason, evidence = "ignores robots.txt", f"first {bot.evidence}"
    return [
        reason,
        str(bot.requests),
        _clock(bot.first_seen),
        _printable(evidence),
        _printable(bot.user_agent),
    ]


def _slowest(report: Report) -> list[str]:
    headers = ["duration ms", "status", "queries", "time", "request id", "route", "path"]
    rows = [
        [
            f"{record.duration_ms:.1f}",
            str(record.status),
            "-" if record.db_queries is None else str(record.db_queries),
            _clock(record.timestamp),
            _printable(record.request_id) or "-",
            _printable(record.route),
            _printable(record.target),
        ]
        for record in report.slowest
    ]
    return ["", f"Slowest {report.options.top} requests", *_table(headers, rows, right={0, 1, 2})]


def _table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], right: set[int] | None = None
) -> list[str]:
    """Rows under headers in padded columns; columns in ``right`` are right-aligned (numbers)."""
    if right is None:
        right = set(range(1, len(headers)))
    widths = [max(len(cell) for cell in column) for column in zip(headers, *rows, strict=True)]

    def line(cells: Sequence[str]) -> str:
        padded = (
            cell.rjust(width) if index in right else cell.ljust(width)
            for index, (cell, width) in enumerate(zip(cells, widths, strict=True))
        )
        return ("  " + "  ".join(padded)).rstrip()

    return [line(headers), *(line(row) for row in rows)]


def _printable(text: str, width: int = TEXT_WIDTH) -> str:
    """``text`` with control characters escaped and cut to ``width`` characters.

    >>> _printable("evil\\x1b[2Jbot/1.0")
    'evil\\\\x1b[2Jbot/1.0'
    >>> _printable("x" * 70, width=10)
    'xxxxxxx...'
    """
    safe = "".join(char if char.isprintable() else ascii(char)[1:-1] for char in text)
    return safe if len(safe) <= width else safe[: width - 3] + "..."


def _clock(moment: datetime.datetime | None) -> str:
    return isoformat(moment) or "-"


def _percent(fraction: float) -> str:
    return f"{fraction * 100:.1f}%"


def _duration(span: datetime.timedelta) -> str:
    """A span as hours, minutes and seconds.

    >>> _duration(datetime.timedelta(hours=1, seconds=5.5))
    '1h 0m 5s'
    """
    seconds = int(span.total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}h {minutes}m {seconds}s"
