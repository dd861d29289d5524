"""The five ways one story page can be served, measured under the same load.

(a) nginx sends the page's bytes from a file: the most the front can do, the ceiling;
(b) nginx's microcache answers (``X-Cache-Status: HIT``), gunicorn untouched;
(c) gunicorn answers from Django's page cache (``X-App-Cache: hit``), no nginx;
(d) gunicorn renders the page every time: a second gunicorn runs with
    ``CACHE_URL=dummy://``, a cache that keeps nothing, so no page, fragment,
    route or version is ever found and every request does the full work;
(e) gunicorn answers a revalidation (``If-None-Match`` with the page's ETag) with 304.

Each run is preceded by a short warm-up at the same load (discarded) and
checked before and after with one request (``probe``).  For (b) the requests
that reached gunicorn during the run are counted from its access log, so a
cache that did not hold shows up as a number, not a surprise.

The "uncached p99 at half of peak" figure holds (d) at about half of its peak
rate: a one-connection run gives the unloaded service time S; then C
connections each pause P between requests, with P chosen so that C / (P + S)
is half the peak.  The achieved rate is reported beside the target.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bench.load import PACED_SCRIPT, Figures, Load, run_wrk
from bench.probe import Answer, Expectation, fetch
from bench.processes import Server, StackError
from bench.stack import Site, start_gunicorn, start_nginx

CALIBRATION_SECONDS = 3.0
# The shortest pause wrk's millisecond timer keeps to within a few per cent.
MIN_PAUSE_MS = 10
MAX_PACED_CONNECTIONS = 16
UNCACHED = "dummy://"
STATIC_PAGE = "bench/story.html"
# Below this share of the connections in service, some connections were left waiting.
STARVED_FRACTION = 0.75

Say = Callable[[str], None]


@dataclass(frozen=True)
class Scenario:
    """One way of serving the page: where to send the load and what must come back."""

    key: str
    label: str
    url: str
    expect: Expectation
    headers: tuple[str, ...] = ()


@dataclass
class Outcome:
    """A scenario's figures and the checks that make them mean what the label says."""

    scenario: Scenario
    figures: Figures
    problems: list[str] = field(default_factory=list)
    upstream_requests: int | None = None

    def as_dict(self) -> dict[str, Any]:
        result = {
            "label": self.scenario.label,
            "url": self.scenario.url,
            "headers": list(self.scenario.headers),
            **self.figures.as_dict(),
            "problems": self.problems,
        }
        if self.upstream_requests is not None:
            result["upstream_requests"] = self.upstream_requests
        return result


def checked(scenario: Scenario) -> list[str]:
    answer = fetch(scenario.url, scenario.headers)
    return scenario.expect.problems(answer)


def measure(scenario: Scenario, load: Load, warmup: float, say: Say) -> Outcome:
    """Check, warm up, measure, check again."""
    say(f"  ({scenario.key}) {scenario.label}")
    problems = [f"before: {problem}" for problem in checked(scenario)]
    if warmup > 0:
        run_wrk(
            scenario.url, Load(load.threads, load.connections, warmup), headers=scenario.headers
        )
    figures = run_wrk(scenario.url, load, headers=scenario.headers)
    problems += [f"after: {problem}" for problem in checked(scenario)]
    if figures.failed:
        problems.append(f"{figures.failed} requests failed or answered >= 400: {figures.errors}")
    problems += starved(figures, load)
    say(
        f"      {figures.requests_per_second:>9.1f} req/s   p50 {figures.p50_ms:7.2f} ms   "
        f"p99 {figures.p99_ms:7.2f} ms" + (f"   PROBLEMS: {problems}" if problems else "")
    )
    return Outcome(scenario, figures, problems)


def starved(figures: Figures, load: Load) -> list[str]:
    """A problem when far fewer requests were in service than connections were open.

    wrk's figures cover only answered requests: a server that never accepts
    some connections (granian with a low ``--backpressure``, say) looks fast
    to the connections it serves while the others wait the whole run.
    """
    if figures.mean_in_flight >= STARVED_FRACTION * load.connections:
        return []
    return [
        f"only {figures.mean_in_flight:g} of {load.connections} connections were served on "
        "average: the others waited unanswered, and the latencies leave them out"
    ]


def requests_logged(server: Server, path: str) -> int:
    """How many requests for ``path`` the server's access log holds so far."""
    if not server.log.exists():
        return 0
    needle = f"GET {path} "
    with server.log.open(errors="replace") as log:
        return sum(needle in line for line in log)


def prime(url: str, expect: Expectation, tries: int = 5) -> Answer:
    """Request ``url`` until the answer is what ``expect`` says (a cache filled), or fail."""
    answer = fetch(url)
    for _ in range(tries):
        if not expect.problems(answer):
            return answer
        answer = fetch(url)
    raise StackError(f"{url} never became {dict(expect.headers)}: {expect.problems(answer)}")


@dataclass(frozen=True)
class Stack:
    """The running servers of the page benchmark."""

    cached: Server
    uncached: Server
    nginx: Server


def start_stack(site: Site) -> Stack:
    cached = start_gunicorn(site, "gunicorn")
    uncached = start_gunicorn(site, "gunicorn-uncached", cache_url=UNCACHED)
    nginx = start_nginx(site, cached)
    return Stack(cached, uncached, nginx)


def page_scenarios(site: Site, stack: Stack) -> list[Scenario]:
    """The five scenarios, with the caches they rely on filled."""
    path = site.story_path
    rendered = fetch(stack.uncached.base_url + path)
    if rendered.status != 200:
        raise StackError(f"{path} answered {rendered.status} when rendered")
    static_file = site.static_root / STATIC_PAGE
    static_file.parent.mkdir(parents=True, exist_ok=True)
    static_file.write_bytes(rendered.body)
    hit = prime(stack.cached.base_url + path, Expectation(200, {"x-app-cache": "hit"}))
    prime(stack.nginx.base_url + path, Expectation(200, {"x-cache-status": "HIT"}))
    etag = hit.headers["etag"]
    return [
        Scenario(
            "a",
            "nginx: the page as a static file (ceiling)",
            f"{stack.nginx.base_url}/static/{STATIC_PAGE}",
            Expectation(200, {}, body=rendered.body),
        ),
        Scenario(
            "b",
            "nginx microcache HIT",
            stack.nginx.base_url + path,
            Expectation(200, {"x-cache-status": "HIT"}),
        ),
        Scenario(
            "c",
            "gunicorn: Django page cache hit",
            stack.cached.base_url + path,
            Expectation(200, {"x-app-cache": "hit"}),
        ),
        Scenario(
            "d",
            "gunicorn: full render, caches off",
            stack.uncached.base_url + path,
            Expectation(200, {"x-app-cache": "miss"}),
        ),
        Scenario(
            "e",
            "gunicorn: 304 revalidation (If-None-Match)",
            stack.cached.base_url + path,
            Expectation(304, {"etag": etag}, body=b""),
            headers=(f"If-None-Match: {etag}",),
        ),
    ]


def measure_page(site: Site, load: Load, warmup: float, say: Say) -> dict[str, Outcome]:
    """Start the stack, run the five scenarios, and return their outcomes by key."""
    stack = start_stack(site)
    outcomes = {}
    for scenario in page_scenarios(site, stack):
        before = requests_logged(stack.cached, site.story_path)
        outcome = measure(scenario, load, warmup, say)
        if scenario.key == "b":
            outcome.upstream_requests = requests_logged(stack.cached, site.story_path) - before
        outcomes[scenario.key] = outcome
    return outcomes


# --- Uncached render at half of its peak ------------------------------------


@dataclass(frozen=True)
class Pacing:
    """C connections pausing P ms between requests, for a target rate."""

    target_rps: float
    connections: int
    pause_ms: int


def pacing_for(target_rps: float, service_ms: float) -> Pacing:
    """Connections and pause that offer about ``target_rps`` when a request takes ``service_ms``.

    >>> pacing_for(100.0, 10.0)
    Pacing(target_rps=100.0, connections=2, pause_ms=10)
    >>> pacing_for(400.0, 5.0)
    Pacing(target_rps=400.0, connections=6, pause_ms=10)
    """
    cycle_ms = MIN_PAUSE_MS + service_ms
    connections = max(2, math.ceil(target_rps * cycle_ms / 1000))
    connections = min(MAX_PACED_CONNECTIONS, connections + connections % 2)
    pause_ms = max(1, round(connections * 1000 / target_rps - service_ms))
    return Pacing(target_rps, connections, pause_ms)


def measure_half_peak(url: str, peak_rps: float, seconds: float, say: Say) -> dict[str, Any]:
    """p50/p99 of ``url`` at about half of ``peak_rps``, and the rate actually reached."""
    unloaded = run_wrk(url, Load(1, 1, CALIBRATION_SECONDS))
    pacing = pacing_for(peak_rps / 2, unloaded.mean_ms)
    figures = run_wrk(
        url,
        Load(2, pacing.connections, seconds),
        script=PACED_SCRIPT,
        script_args=[str(pacing.pause_ms)],
    )
    say(
        f"  (d at half peak) target {pacing.target_rps:.1f} req/s with {pacing.connections} "
        f"connections pausing {pacing.pause_ms} ms: {figures.requests_per_second:.1f} req/s, "
        f"p50 {figures.p50_ms:.2f} ms, p99 {figures.p99_ms:.2f} ms"
    )
    return {
        "unloaded_service_ms": unloaded.mean_ms,
        "unloaded_p99_ms": unloaded.p99_ms,
        "target_requests_per_second": round(pacing.target_rps, 1),
        "connections": pacing.connections,
        "pause_ms": pacing.pause_ms,
        "fraction_of_peak": round(figures.requests_per_second / peak_rps, 3),
        **figures.as_dict(),
    }
