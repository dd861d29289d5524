"""The analysis behind ``manage.py logreport``: request-log lines in, one ``Report`` out.

The web processes write one JSON object per request to stdout (``"event":
"request"``, with status, route, duration, client…).  This module turns a
stream of those lines into the numbers an operator asks for after an incident
or a busy night: traffic per status and per route, latency percentiles, the
busiest clients, suspected bots and the slowest requests.  It knows nothing of
files, arguments or output formats (the command does), so tests feed it lines
or records directly.

Design choices, each a trade-off:

- **Streaming, one pass.**  ``LogAnalysis`` takes one line at a time and keeps
  only tallies, never the lines: a log of gigabytes is read in constant memory
  per route and per client.  ``read_lines`` also caps a line's length, so a
  damaged log with no newlines cannot make one "line" of gigabytes.
- **Bounded latency samples.**  Exact percentiles need every duration, so each
  route keeps its durations in a compact ``array('d')`` (8 bytes each) up to
  ``SAMPLE_CAP``; past the cap the array becomes a uniform reservoir sample
  (Vitter's algorithm R, seeded, so a report is reproducible) and the route is
  marked ``sampled``.  Percentiles are then estimates; counts and totals stay exact.
  Memory is at most ``SAMPLE_CAP`` × 8 bytes per route, and routes are URL names.
- **What still grows.**  Per-client and per-user-agent counters (three numbers
  each) grow with the number of distinct clients, not with the number of lines;
  exact top-N needs them.  The bot detectors keep at most ``bot_rate`` timestamps
  per paginating client and a flag per client that read robots.txt.
- **Percentiles by nearest rank**: the value at rank ⌈p/100 × n⌉ of the sorted
  durations, always a duration that really happened (no interpolation between two).
- **Damaged logs never stop the report.**  Every line is classified as a
  request or as a skipped line with a reason (not JSON, another event, a damaged
  request line, too long); a request line needs a timestamp, a status and a
  duration to count, and anything else missing is shown as ``(unknown)``.
- **Bots** are suspected on behaviour, not on the user agent they claim:
  fast deep pagination (``bot_rate`` requests for page ``deep_page`` or deeper
  within ``bot_window``), and reading /robots.txt and then fetching what it
  disallows (``ROBOTS_DISALLOW``, matched as robots.txt matches: prefix, ``*``
  for any run of characters, ``$`` for the end; an agent named in
  ``BOT_BLOCKED_USER_AGENTS`` is told ``Disallow: /``, so for it everything is).
  "Then" means later in the log: lines from several web processes interleave
  by a few milliseconds, which the detectors tolerate but do not reorder.
"""

from __future__ import annotations

import bisect
import functools
import heapq
import json
import math
import random
import re
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import IO, Any
from urllib.parse import parse_qs

from ops.bots.agents import matching_token

UNKNOWN = "(unknown)"
ROBOTS_PATH = "/robots.txt"
MAX_LINE_CHARS = 1 << 20
"""A longer line is a damaged log (a request line is a few hundred bytes): skipped, never held."""
SAMPLE_CAP = 100_000
"""Durations kept per route for percentiles: 800 KB each at most; beyond it, a reservoir sample."""
DEFAULT_TOP = 10
DEFAULT_DEEP_PAGE = 5
DEFAULT_BOT_RATE = 10
BOT_WINDOW = timedelta(seconds=60)
MIN_RATE_SPAN = timedelta(minutes=1)
"""A client active for less than this is rated over this, so one request is 1/min, not infinite."""

DEEP_PAGINATION = "deep-pagination"
ROBOTS_VIOLATION = "robots-violation"

_AGE = re.compile(r"(\d+)\s*([smhdw])")
_AGE_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


class Skip(StrEnum):
    """Why a line is not counted as a request."""

    NOT_JSON = "not_json"
    OTHER_EVENT = "other_event"
    DAMAGED = "damaged"
    TOO_LONG = "too_long"


SKIP_LABELS = {
    Skip.NOT_JSON: "not JSON",
    Skip.OTHER_EVENT: "other events",
    Skip.DAMAGED: "damaged request lines",
    Skip.TOO_LONG: "too long",
}


@dataclass(frozen=True, slots=True)
class RequestRecord:
    """One request, as logged: only what the report reads."""

    timestamp: datetime
    status: int
    duration_ms: float
    route: str = UNKNOWN
    path: str = ""
    query: str = ""
    method: str = ""
    request_id: str = ""
    client_ip: str = UNKNOWN
    user_agent: str = UNKNOWN
    db_queries: int | None = None

    @property
    def target(self) -> str:
        """The path with its query string, as robots.txt rules are matched against."""
        return f"{self.path}?{self.query}" if self.query else self.path


@dataclass(frozen=True, slots=True)
class ReportOptions:
    """What to rank and what counts as a bot: the command's options and the site's robots rules."""

    top: int = DEFAULT_TOP
    deep_page: int = DEFAULT_DEEP_PAGE
    bot_rate: int = DEFAULT_BOT_RATE
    bot_window: timedelta = BOT_WINDOW
    disallow: tuple[str, ...] = ()
    blocked_agents: tuple[str, ...] = ()
    since: datetime | None = None
    sample_cap: int = SAMPLE_CAP


@dataclass(frozen=True, slots=True)
class RouteStats:
    """One route (a URL name, ``-`` when none matched): requests, 5xx, 4xx, time, percentiles."""

    route: str
    count: int
    errors: int
    client_errors: int
    total_ms: float
    p50: float
    p95: float
    p99: float
    sampled: bool


@dataclass(frozen=True, slots=True)
class ClientStats:
    """A client IP or a user agent: how many requests, over what span, at what rate."""

    key: str
    requests: int
    first: datetime
    last: datetime

    @property
    def per_minute(self) -> float:
        span = max(self.last - self.first, MIN_RATE_SPAN)
        return self.requests / (span / timedelta(minutes=1))


@dataclass(frozen=True, slots=True)
class SuspectedBot:
    """A client flagged for ``reason``: how many offending requests, and the first evidence."""

    client_ip: str
    reason: str
    requests: int
    first_seen: datetime
    flagged_at: datetime
    evidence: str
    user_agent: str


@dataclass(frozen=True, slots=True)
class Report:
    """The finished numbers; ``report_document`` gives them as JSON-ready data."""

    options: ReportOptions
    requests: int
    first: datetime | None
    last: datetime | None
    skipped: dict[str, int]
    before_since: int
    statuses: dict[int, int]
    routes: tuple[RouteStats, ...]
    """Every route, most requested first."""
    clients: tuple[ClientStats, ...]
    distinct_clients: int
    user_agents: tuple[ClientStats, ...]
    distinct_user_agents: int
    bots: tuple[SuspectedBot, ...]
    """Every suspected bot, most offending requests first."""
    slowest: tuple[RequestRecord, ...]

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())

    @property
    def errors(self) -> int:
        return sum(count for status, count in self.statuses.items() if status >= 500)

    @property
    def client_errors(self) -> int:
        return sum(count for status, count in self.statuses.items() if 400 <= status < 500)

    @property
    def routes_by_count(self) -> tuple[RouteStats, ...]:
        return self.routes[: self.options.top]

    @property
    def routes_by_time(self) -> tuple[RouteStats, ...]:
        ranked = sorted(self.routes, key=lambda stats: (-stats.total_ms, stats.route))
        return tuple(ranked[: self.options.top])


def share(part: int, whole: int) -> float:
    """``part`` as a fraction of ``whole``, 0 when there is no whole.

    >>> share(5, 200), share(0, 0)
    (0.025, 0.0)
    """
    return part / whole if whole else 0.0


def percentile(ordered: Sequence[float], pct: float) -> float:
    """The nearest-rank percentile of already sorted values: the value at rank ⌈pct/100 × n⌉.

    The result is always one of the values (a latency that really happened),
    and p100 is the maximum.

    >>> durations = [float(ms) for ms in range(1, 101)]
    >>> percentile(durations, 50), percentile(durations, 95), percentile(durations, 99)
    (50.0, 95.0, 99.0)
    >>> percentile([15.0, 20.0, 35.0, 40.0, 50.0], 30)
    20.0
    >>> percentile([4000.0, 5000.0, 6000.0], 95)
    6000.0
    """
    if not ordered:
        raise ValueError("percentile of no values")
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def page_number(query: str) -> int | None:
    """The ``page`` parameter of a query string, when it is a whole number.

    >>> page_number("page=12&sort=new"), page_number("q=harbour"), page_number("page=last")
    (12, None, None)
    """
    if "page=" not in query:  # most requests: skip parsing
        return None
    values = parse_qs(query).get("page")
    if not values:
        return None
    try:
        return int(values[0].strip())
    except ValueError:
        return None


@functools.cache
def _robots_regex(rule: str) -> re.Pattern[str]:
    anchored = rule.endswith("$")
    body = rule[:-1] if anchored else rule
    pattern = ".*".join(re.escape(part) for part in body.split("*"))
    return re.compile(pattern + ("$" if anchored else ""), re.DOTALL)


def disallowing_rule(target: str, rules: Iterable[str]) -> str | None:
    """The first robots.txt ``Disallow`` rule that covers ``target`` (path and query), or None.

    As robots.txt matches: a rule is a prefix of the target, ``*`` stands for any
    run of characters and a final ``$`` anchors the end.  An empty rule allows all.

    >>> rules = ["/admin/", "/newsroom/", "/*?page=", "/*.pdf$"]
    >>> disallowing_rule("/newsroom/budget/", rules)
    '/newsroom/'
    >>> disallowing_rule("/stories/?page=3", rules)
    '/*?page='
    >>> disallowing_rule("/stories/?sort=new&page=3", rules) is None
    True
    >>> disallowing_rule("/files/report.pdf", rules), disallowing_rule("/files/report.pdfx", rules)
    ('/*.pdf$', None)
    """
    for rule in rules:
        if rule and _robots_regex(rule).match(target):
            return rule
    return None


def parse_timestamp(value: object) -> datetime | None:
    """An ISO 8601 timestamp as an aware UTC datetime; a naive one is taken as UTC.

    >>> parse_timestamp("2026-12-01T20:08:10.5Z")
    datetime.datetime(2026, 12, 1, 20, 8, 10, 500000, tzinfo=datetime.timezone.utc)
    >>> parse_timestamp("yesterday") is None, parse_timestamp(None) is None
    (True, True)
    """
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def parse_since(text: str, *, now: datetime) -> datetime:
    """``--since``: an ISO 8601 timestamp, or an age (``90s``, ``30m``, ``2h``, ``7d``, ``1w``).

    >>> now = datetime(2026, 12, 1, 21, 0, tzinfo=UTC)
    >>> parse_since("30m", now=now).isoformat()
    '2026-12-01T20:30:00+00:00'
    >>> parse_since("2026-12-01T20:00:00Z", now=now).isoformat()
    '2026-12-01T20:00:00+00:00'
    """
    age = _AGE.fullmatch(text.strip().lower())
    if age is not None:
        try:
            return now - timedelta(**{_AGE_UNITS[age[2]]: int(age[1])})
        except (OverflowError, ValueError):
            raise ValueError(f"the age {text!r} reaches back too far") from None
    moment = parse_timestamp(text)
    if moment is None:
        raise ValueError(
            f"expected an ISO 8601 timestamp such as 2026-12-01T20:00:00Z "
            f"or an age such as 30m, 2h or 7d, got {text!r}"
        )
    return moment


def read_lines(stream: IO[str], max_chars: int = MAX_LINE_CHARS) -> Iterator[str | Skip]:
    """The lines of ``stream`` one at a time; a line longer than ``max_chars`` is ``TOO_LONG``.

    The over-long line is read through in ``max_chars`` pieces and dropped, so
    memory stays bounded whatever the input.

    >>> from io import StringIO
    >>> list(read_lines(StringIO("short\\n" + "x" * 10 + "\\nok"), max_chars=8))
    ['short\\n', <Skip.TOO_LONG: 'too_long'>, 'ok']
    """
    while line := stream.readline(max_chars):
        if len(line) < max_chars or line.endswith("\n"):
            yield line
            continue
        while line and not line.endswith("\n"):
            line = stream.readline(max_chars)
        yield Skip.TOO_LONG


def _text(fields: dict[str, Any], name: str, default: str) -> str:
    value = fields.get(name)
    return value if isinstance(value, str) else default


def parse_line(line: str) -> RequestRecord | Skip:
    """A request log line as a ``RequestRecord``, or why it is skipped.

    >>> parse_line('{"event": "request", "timestamp": "2026-12-01T20:00:00Z", '
    ...            '"status": 200, "duration_ms": 12.5, "route": "site:home"}').route
    'site:home'
    >>> parse_line("Booting worker with pid: 41"), parse_line('{"event": "startup"}')
    (<Skip.NOT_JSON: 'not_json'>, <Skip.OTHER_EVENT: 'other_event'>)
    >>> parse_line('{"event": "request", "timestamp": "2026-12-01T20:00:00Z", "status": null}')
    <Skip.DAMAGED: 'damaged'>
    """
    try:
        fields = json.loads(line)
    except (ValueError, RecursionError):
        return Skip.NOT_JSON
    if not isinstance(fields, dict) or fields.get("event") != "request":
        return Skip.OTHER_EVENT
    timestamp = parse_timestamp(fields.get("timestamp"))
    status = fields.get("status")
    duration = fields.get("duration_ms")
    if (
        timestamp is None
        or type(status) is not int
        or not 100 <= status <= 599
        or not isinstance(duration, int | float)
        or isinstance(duration, bool)
        or not math.isfinite(duration)
        or duration < 0
    ):
        return Skip.DAMAGED
    queries = fields.get("db_queries")
    return RequestRecord(
        timestamp=timestamp,
        status=status,
        duration_ms=float(duration),
        route=_text(fields, "route", UNKNOWN) or UNKNOWN,
        path=_text(fields, "path", ""),
        query=_text(fields, "query", ""),
        method=_text(fields, "method", ""),
        request_id=_text(fields, "request_id", ""),
        client_ip=_text(fields, "client_ip", UNKNOWN) or UNKNOWN,
        user_agent=_text(fields, "user_agent", UNKNOWN) or UNKNOWN,
        db_queries=queries if type(queries) is int else None,
    )


@dataclass(slots=True)
class _RouteTally:
    count: int = 0
    errors: int = 0
    client_errors: int = 0
    total_ms: float = 0.0
    durations: array[float] = field(default_factory=lambda: array("d"))

    def add(self, record: RequestRecord, *, cap: int, rng: random.Random) -> None:
        self.count += 1
        self.errors += record.status >= 500
        self.client_errors += 400 <= record.status < 500
        self.total_ms += record.duration_ms
        if len(self.durations) < cap:
            self.durations.append(record.duration_ms)
        else:
            slot = rng.randrange(self.count)
            if slot < cap:
                self.durations[slot] = record.duration_ms

    def stats(self, route: str) -> RouteStats:
        ordered = sorted(self.durations)
        return RouteStats(
            route=route,
            count=self.count,
            errors=self.errors,
            client_errors=self.client_errors,
            total_ms=round(self.total_ms, 3),
            p50=percentile(ordered, 50),
            p95=percentile(ordered, 95),
            p99=percentile(ordered, 99),
            sampled=len(ordered) < self.count,
        )


@dataclass(slots=True)
class _Activity:
    requests: int
    first: datetime
    last: datetime

    def add(self, moment: datetime) -> None:
        self.requests += 1
        self.first = min(self.first, moment)
        self.last = max(self.last, moment)


@dataclass(slots=True)
class _Paging:
    """One client's deep-page requests: the ones within a window of its latest, until flagged."""

    first_seen: datetime
    user_agent: str
    requests: int = 0
    recent: list[float] = field(default_factory=list)
    flagged_at: datetime | None = None
    evidence: str = ""


@dataclass(slots=True)
class _Violation:
    first_seen: datetime
    evidence: str
    user_agent: str
    requests: int = 0


class LogAnalysis:
    """Everything the report needs, accumulated one line or record at a time."""

    def __init__(self, options: ReportOptions) -> None:
        self.options = options
        self.requests = 0
        self.before_since = 0
        self.skipped: Counter[str] = Counter({reason.value: 0 for reason in Skip})
        self.statuses: Counter[int] = Counter()
        self.first: datetime | None = None
        self.last: datetime | None = None
        self._routes: dict[str, _RouteTally] = {}
        self._clients: dict[str, _Activity] = {}
        self._agents: dict[str, _Activity] = {}
        self._paging: dict[str, _Paging] = {}
        self._robots_readers: set[str] = set()
        self._violations: dict[str, _Violation] = {}
        self._slowest: list[tuple[float, int, RequestRecord]] = []
        # Only spreads reservoir samples evenly; a fixed seed makes reports reproducible.
        self._rng = random.Random(0)  # noqa: S311

    def feed(self, line: str | Skip) -> None:
        """Count one line of the log: a request, or a skipped line."""
        parsed = line if isinstance(line, Skip) else parse_line(line)
        if isinstance(parsed, Skip):
            self.skipped[parsed.value] += 1
        else:
            self.add(parsed)

    def add(self, record: RequestRecord) -> None:
        if self.options.since is not None and record.timestamp < self.options.since:
            self.before_since += 1
            return
        self.requests += 1
        self.statuses[record.status] += 1
        moment = record.timestamp
        self.first = moment if self.first is None else min(self.first, moment)
        self.last = moment if self.last is None else max(self.last, moment)
        tally = self._routes.setdefault(record.route, _RouteTally())
        tally.add(record, cap=self.options.sample_cap, rng=self._rng)
        _tick(self._clients, record.client_ip, moment)
        _tick(self._agents, record.user_agent, moment)
        if record.client_ip != UNKNOWN:  # lines without an address are no one client
            self._watch_paging(record)
            self._watch_robots(record)
        entry = (record.duration_ms, -self.requests, record)
        if len(self._slowest) < self.options.top:
            heapq.heappush(self._slowest, entry)
        elif entry[:2] > self._slowest[0][:2]:
            heapq.heapreplace(self._slowest, entry)

    def _watch_paging(self, record: RequestRecord) -> None:
        page = page_number(record.query)
        if page is None or page < self.options.deep_page:
            return
        state = self._paging.get(record.client_ip)
        if state is None:
            state = _Paging(first_seen=record.timestamp, user_agent=record.user_agent)
            self._paging[record.client_ip] = state
        state.requests += 1
        state.first_seen = min(state.first_seen, record.timestamp)
        if state.flagged_at is not None:
            return
        # The window ends at the latest deep-page request seen; lines a little out of
        # order still fall inside it, and one older than the whole window is only counted.
        moment = record.timestamp.timestamp()
        window = self.options.bot_window.total_seconds()
        latest = max(state.recent[-1] if state.recent else moment, moment)
        if moment < latest - window:
            return
        bisect.insort(state.recent, moment)
        state.recent = [seen for seen in state.recent if seen >= latest - window]
        if len(state.recent) >= self.options.bot_rate:
            state.flagged_at = datetime.fromtimestamp(latest, tz=UTC)
            state.evidence = record.target
            state.recent = []

    def _watch_robots(self, record: RequestRecord) -> None:
        client = record.client_ip
        if record.path == ROBOTS_PATH:
            self._robots_readers.add(client)
            return
        if client not in self._robots_readers:
            return
        rule = disallowing_rule(record.target, self.options.disallow)
        if rule is None and matching_token(record.user_agent, self.options.blocked_agents):
            rule = "/"
        if rule is None:
            return
        violation = self._violations.get(client)
        if violation is None:
            evidence = f"{record.target} (Disallow: {rule})"
            violation = _Violation(record.timestamp, evidence, record.user_agent)
            self._violations[client] = violation
        violation.requests += 1

    def report(self) -> Report:
        top = self.options.top
        routes = sorted(
            (tally.stats(route) for route, tally in self._routes.items()),
            key=lambda stats: (-stats.count, stats.route),
        )
        bots = [
            SuspectedBot(
                client_ip=client,
                reason=DEEP_PAGINATION,
                requests=state.requests,
                first_seen=state.first_seen,
                flagged_at=state.flagged_at,
                evidence=state.evidence,
                user_agent=state.user_agent,
            )
            for client, state in self._paging.items()
            if state.flagged_at is not None
        ]
        bots += [
            SuspectedBot(
                client_ip=client,
                reason=ROBOTS_VIOLATION,
                requests=violation.requests,
                first_seen=violation.first_seen,
                flagged_at=violation.first_seen,
                evidence=violation.evidence,
                user_agent=violation.user_agent,
            )
            for client, violation in self._violations.items()
        ]
        bots.sort(key=lambda bot: (-bot.requests, bot.client_ip, bot.reason))
        slowest = sorted(self._slowest, key=lambda entry: entry[:2], reverse=True)
        return Report(
            options=self.options,
            requests=self.requests,
            first=self.first,
            last=self.last,
            skipped=dict(self.skipped),
            before_since=self.before_since,
            statuses=dict(sorted(self.statuses.items())),
            routes=tuple(routes),
            clients=_top_activity(self._clients, top),
            distinct_clients=len(self._clients),
            user_agents=_top_activity(self._agents, top),
            distinct_user_agents=len(self._agents),
            bots=tuple(bots),
            slowest=tuple(record for _, _, record in slowest),
        )


def _tick(activity: dict[str, _Activity], key: str, moment: datetime) -> None:
    seen = activity.get(key)
    if seen is None:
        activity[key] = _Activity(requests=1, first=moment, last=moment)
    else:
        seen.add(moment)


def _top_activity(activity: dict[str, _Activity], top: int) -> tuple[ClientStats, ...]:
    """The ``top`` busiest by requests; ties go to the higher rate, then to the name."""
    everyone = (
        ClientStats(key, seen.requests, seen.first, seen.last) for key, seen in activity.items()
    )
    ranked = heapq.nsmallest(
        top, everyone, key=lambda stats: (-stats.requests, -stats.per_minute, stats.key)
    )
    return tuple(ranked)


def analyse(lines: Iterable[str | Skip], options: ReportOptions) -> Report:
    """The report over ``lines`` (as ``read_lines`` yields them), read once."""
    analysis = LogAnalysis(options)
    for line in lines:
        analysis.feed(line)
    return analysis.report()


def isoformat(moment: datetime | None) -> str | None:
    """A UTC timestamp as the log writes it, with ``Z``.

    >>> isoformat(datetime(2026, 12, 1, 20, 0, tzinfo=UTC))
    '2026-12-01T20:00:00Z'
    """
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _route_document(stats: RouteStats) -> dict[str, Any]:
    return {
        "route": stats.route,
        "count": stats.count,
        "errors": stats.errors,
        "client_errors": stats.client_errors,
        "total_ms": stats.total_ms,
        "p50_ms": stats.p50,
        "p95_ms": stats.p95,
        "p99_ms": stats.p99,
        "sampled": stats.sampled,
    }


def _client_document(stats: ClientStats, name: str) -> dict[str, Any]:
    return {
        name: stats.key,
        "requests": stats.requests,
        "per_minute": round(stats.per_minute, 2),
        "first": isoformat(stats.first),
        "last": isoformat(stats.last),
    }


def report_document(report: Report) -> dict[str, Any]:
    """The whole report as plain JSON-ready data: what ``--json`` prints."""
    options = report.options
    top = options.top
    return {
        "span": {
            "first": isoformat(report.first),
            "last": isoformat(report.last),
            "seconds": (report.last - report.first).total_seconds()
            if report.first is not None and report.last is not None
            else 0.0,
        },
        "since": isoformat(options.since),
        "before_since": report.before_since,
        "requests": report.requests,
        "skipped": {"total": report.skipped_total, **report.skipped},
        "statuses": {str(status): count for status, count in report.statuses.items()},
        "errors": {
            "count": report.errors,
            "share": round(share(report.errors, report.requests), 4),
        },
        "client_errors": {
            "count": report.client_errors,
            "share": round(share(report.client_errors, report.requests), 4),
        },
        "routes_by_count": [_route_document(stats) for stats in report.routes_by_count],
        "routes_by_time": [_route_document(stats) for stats in report.routes_by_time],
        "clients": [_client_document(stats, "client_ip") for stats in report.clients],
        "distinct_clients": report.distinct_clients,
        "user_agents": [_client_document(stats, "user_agent") for stats in report.user_agents],
        "distinct_user_agents": report.distinct_user_agents,
        "bots": [
            {
                "client_ip": bot.client_ip,
                "reason": bot.reason,
                "requests": bot.requests,
                "first_seen": isoformat(bot.first_seen),
                "flagged_at": isoformat(bot.flagged_at),
                "evidence": bot.evidence,
                "user_agent": bot.user_agent,
            }
            for bot in report.bots[:top]
        ],
        "bots_total": len(report.bots),
        "slowest": [
            {
                "request_id": record.request_id,
                "timestamp": isoformat(record.timestamp),
                "method": record.method,
                "route": record.route,
                "path": record.path,
                "query": record.query,
                "status": record.status,
                "duration_ms": record.duration_ms,
                "db_queries": record.db_queries,
            }
            for record in report.slowest
        ],
        "options": {
            "top": top,
            "deep_page": options.deep_page,
            "bot_rate": options.bot_rate,
            "bot_window_seconds": options.bot_window.total_seconds(),
            "percentiles": "nearest-rank",
            "sample_cap": options.sample_cap,
        },
    }
