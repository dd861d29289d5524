"""A request log with known contents for the logreport tests, and helpers to run the command on it.

``known_log()`` is one hour of traffic, 2026-12-01 20:00:00Z to 21:00:00Z, in
time order as the web processes would write it (seconds after 20:00):

- 100 searches (``site:search``), one every 6 s from 0 to 594, from ten readers
  ``198.51.100.100``-``.109`` (Safari), taking 1, 2, … 100 ms;
- 3 CSV exports (``site:export``) at 100, 200, 300 s taking 4000, 5000, 6000 ms
  (the last logged as a slow request, level warning, with ``slow_queries``);
- a normal reader ``READER`` (Firefox): the front page, the story list and its
  pages 2 and 3, a story, a missing story (404), one a minute from 0 to 300;
- a slow deep reader ``SLOW_PAGER`` (Firefox): pages 5 to 14, one every 30 s from 600;
- a scraper ``SCRAPER`` (python-httpx): pages 1 to 40, one a second from 900;
- ``VIOLATOR`` (SneakyCrawler) reads /robots.txt at 1200, then fetches
  /newsroom/budget/ (302), /api/v1/stories/ (401), a story, and /stories/?page=2;
- ``POLITE`` (PoliteBot) fetches /admin/ (302) at 1300 *before* reading
  /robots.txt, then only what robots.txt allows;
- errors: four 500s on ``api:story-list`` (250 ms, from 1500), one 503 on
  ``site:home`` (100 ms, 1600), four 404s for /wp-login.php (route ``-``, from 1700);
- the last request, the front page at 3600;
- and 9 lines that are not requests: 3 not JSON, 3 other events, 3 damaged.

178 requests in all: 165 × 200, 2 × 302, 1 × 401, 5 × 404, 4 × 500, 1 × 503.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from io import StringIO
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.test import override_settings

T0 = datetime(2026, 12, 1, 20, 0, tzinfo=UTC)
END = T0 + timedelta(hours=1)

ROBOTS_DISALLOW = ["/admin/", "/accounts/", "/newsroom/", "/api/", "/*?page="]
BLOCKED_AGENTS = ["Bytespider"]

READER = "198.51.100.10"
SLOW_PAGER = "198.51.100.11"
SCRAPER = "203.0.113.66"
VIOLATOR = "192.0.2.77"
POLITE = "192.0.2.88"

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"
SAFARI = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 Safari/605.1.15"
HTTPX = "python-httpx/0.28.1"
SNEAKY = "SneakyCrawler/1.0"
POLITE_BOT = "PoliteBot/2.0 (+https://bots.example/polite)"


def stamp(seconds: float) -> str:
    """The log's timestamp for ``seconds`` after 20:00:00Z."""
    return (T0 + timedelta(seconds=seconds)).isoformat().replace("+00:00", "Z")


def request_line(
    *,
    at: float,
    status: int = 200,
    route: str = "site:home",
    path: str = "/",
    query: str = "",
    duration_ms: float = 10.0,
    client_ip: str | None = READER,
    user_agent: str = FIREFOX,
    request_id: str = "0000000000000000",
    db_queries: int = 3,
    **extra: Any,
) -> str:
    """One request line as the web process logs it, ``at`` seconds after 20:00:00Z."""
    fields: dict[str, Any] = {
        "timestamp": stamp(at),
        "level": "info",
        "logger": "ops.requests",
        "event": "request",
        "request_id": request_id,
        "method": "GET",
        "route": route,
        "path": path,
        "query": query,
        "status": status,
        "duration_ms": duration_ms,
        "user_id": None,
        "client_ip": client_ip,
        "user_agent": user_agent,
        "db_queries": db_queries,
        "db_ms": 1.2,
        "cache_hits": 2,
        "cache_misses": 1,
    }
    fields.update(extra)
    return json.dumps(fields)


class LogBuilder:
    """Lines collected with the second they belong to, returned in time order."""

    def __init__(self) -> None:
        self.entries: list[tuple[float, str]] = []

    def request(self, *, at: float, **fields: Any) -> None:
        request_id = f"{len(self.entries) + 1:016x}"
        self.entries.append((at, request_line(at=at, request_id=request_id, **fields)))

    def verbatim(self, *, at: float, line: str) -> None:
        self.entries.append((at, line))

    def lines(self) -> list[str]:
        return [line for _, line in sorted(self.entries, key=lambda entry: entry[0])]


def known_log() -> list[str]:
    log = LogBuilder()
    for i in range(100):
        log.request(
            at=6 * i,
            route="site:search",
            path="/search/",
            query="q=harbour",
            duration_ms=float(i + 1),
            client_ip=f"198.51.100.{100 + i % 10}",
            user_agent=SAFARI,
        )
    for at, duration in ((100, 4000.0), (200, 5000.0)):
        log.request(
            at=at,
            route="site:export",
            path="/exports/budget.csv",
            duration_ms=duration,
            client_ip="198.51.100.30",
            db_queries=40,
        )
    log.request(
        at=300,
        route="site:export",
        path="/exports/budget.csv",
        duration_ms=6000.0,
        client_ip="198.51.100.30",
        db_queries=41,
        level="warning",
        slow_queries=[{"sql": "SELECT ...", "ms": 5900.0}],
    )

    log.request(at=0, route="site:home", path="/", duration_ms=20.0)
    log.request(at=60, route="site:story_list", path="/stories/", duration_ms=30.0)
    for at, page in ((120, 2), (180, 3)):
        log.request(
            at=at, route="site:story_list", path="/stories/", query=f"page={page}", duration_ms=30.0
        )
    log.request(at=240, route="site:story", path="/stories/harbour-bridge/", duration_ms=15.0)
    log.request(at=300, status=404, route="site:story", path="/stories/missing/", duration_ms=5.0)

    for k, page in enumerate(range(5, 15)):
        log.request(
            at=600 + 30 * k,
            route="site:story_list",
            path="/stories/",
            query=f"page={page}",
            duration_ms=30.0,
            client_ip=SLOW_PAGER,
        )
    for k in range(40):
        log.request(
            at=900 + k,
            route="site:story_list",
            path="/stories/",
            query=f"page={k + 1}",
            duration_ms=50.0,
            client_ip=SCRAPER,
            user_agent=HTTPX,
        )

    sneaky = {"client_ip": VIOLATOR, "user_agent": SNEAKY}
    log.request(at=1200, route="robots", path="/robots.txt", duration_ms=1.0, **sneaky)
    log.request(
        at=1201,
        status=302,
        route="newsroom:budget",
        path="/newsroom/budget/",
        duration_ms=3.0,
        **sneaky,
    )
    log.request(
        at=1202,
        status=401,
        route="api:story-list",
        path="/api/v1/stories/",
        duration_ms=2.0,
        **sneaky,
    )
    log.request(
        at=1203, route="site:story", path="/stories/harbour-bridge/", duration_ms=15.0, **sneaky
    )
    log.request(
        at=1204,
        route="site:story_list",
        path="/stories/",
        query="page=2",
        duration_ms=30.0,
        **sneaky,
    )

    polite = {"client_ip": POLITE, "user_agent": POLITE_BOT}
    log.request(at=1300, status=302, route="admin:index", path="/admin/", duration_ms=2.0, **polite)
    log.request(at=1301, route="robots", path="/robots.txt", duration_ms=1.0, **polite)
    log.request(
        at=1302, route="site:story", path="/stories/harbour-bridge/", duration_ms=15.0, **polite
    )
    log.request(at=1303, route="site:story_list", path="/stories/", duration_ms=30.0, **polite)

    for k in range(4):
        log.request(
            at=1500 + 10 * k,
            status=500,
            route="api:story-list",
            path="/api/v1/stories/",
            duration_ms=250.0,
            client_ip="198.51.100.40",
            user_agent="newsroom-app/3.2",
        )
    log.request(
        at=1600,
        status=503,
        route="site:home",
        path="/",
        duration_ms=100.0,
        client_ip="198.51.100.41",
    )
    for k in range(4):
        log.request(
            at=1700 + k,
            status=404,
            route="-",
            path="/wp-login.php",
            duration_ms=2.0,
            client_ip="203.0.113.99",
            user_agent="curl/8.5.0",
        )
    log.request(at=3600, route="site:home", path="/", duration_ms=20.0, client_ip="198.51.100.50")

    log.verbatim(at=1, line="[2026-12-01 20:00:01 +0000] [41] [INFO] Booting worker with pid: 41")
    log.verbatim(at=400, line='{"timestamp": "2026-12-01T20:06:40Z", "event": "requ')
    log.verbatim(at=800, line="\x00\x01\x02 binary junk")
    log.verbatim(
        at=2, line=json.dumps({"timestamp": stamp(2), "event": "startup", "level": "info"})
    )
    log.verbatim(at=700, line=json.dumps({"timestamp": stamp(700), "event": "task finished"}))
    log.verbatim(at=701, line="[1, 2, 3]")
    log.verbatim(
        at=1000,
        line=json.dumps(
            {"event": "request", "timestamp": stamp(1000), "status": None, "duration_ms": 3.0}
        ),
    )
    log.verbatim(
        at=1001,
        line=json.dumps(
            {"event": "request", "timestamp": "yesterday", "status": 200, "duration_ms": 3.0}
        ),
    )
    log.verbatim(
        at=1002, line=json.dumps({"event": "request", "timestamp": stamp(1002), "status": 200})
    )
    return log.lines()


def write_log(directory: Path, lines: list[str] | None = None, name: str = "requests.log") -> Path:
    """The known log (or ``lines``) written to ``directory/name``, one line each."""
    path = directory / name
    body = known_log() if lines is None else lines
    path.write_text("".join(f"{line}\n" for line in body), encoding="utf-8")
    return path


def run(*args: Any, **options: Any) -> str:
    """``logreport`` with ``args``, under the known robots rules; what it printed."""
    out = StringIO()
    with override_settings(ROBOTS_DISALLOW=ROBOTS_DISALLOW, BOT_BLOCKED_USER_AGENTS=BLOCKED_AGENTS):
        call_command("logreport", *args, stdout=out, **options)
    return out.getvalue()


def run_json(*args: Any, **options: Any) -> dict[str, Any]:
    """``logreport --json`` with ``args``, parsed."""
    document: dict[str, Any] = json.loads(run(*args, "--json", **options))
    return document


def section(output: str, title: str) -> list[str]:
    """The lines of the text report's section starting with ``title``, up to the blank line."""
    lines = output.splitlines()
    start = next(index for index, line in enumerate(lines) if line.startswith(title))
    rest = lines[start:]
    end = rest.index("") if "" in rest else len(rest)
    return rest[:end]
