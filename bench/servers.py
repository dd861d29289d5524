"""Which app server should run ``web``: gunicorn sync, gunicorn gthread or granian, by measurement.

Each candidate serves the same loaded site with as many worker processes as
cores, and is measured directly (no nginx) on the two scenarios where the app
server's own overhead matters: (c) a Django page-cache hit, where the server
is most of the cost, and (d) a full render, where Django is.  One candidate
runs at a time, so none competes with another for the two cores.

granian is not a dependency of the project: it is installed into a throwaway
environment (``uv run --with``) for this measurement only.  Both servers log
every request (gunicorn's access log as configured, granian's ``--access-log``),
so neither is spared the cost production pays.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bench.load import Load
from bench.probe import Expectation
from bench.processes import Server
from bench.scenarios import UNCACHED, Outcome, Say, Scenario, measure, prime
from bench.stack import Site, start_granian, start_gunicorn

GTHREAD_THREADS = 4
# granian's WSGI default lets each worker run hundreds of Python threads (it
# warns as much).  One thread per worker, like a gunicorn sync worker, while
# granian's Rust side accepts and queues every connection.  (Capping requests
# with --backpressure instead leaves the connections beyond the cap unaccepted:
# with keep-alive clients they wait for the whole run.)
GRANIAN_ONE_THREAD = ("--blocking-threads", "1")

Starter = Callable[[Site, str, str | None], Server]


@dataclass(frozen=True)
class Candidate:
    """An app server to try, and how to start it with a given cache backend."""

    name: str
    command: str
    start: Starter


def candidates() -> list[Candidate]:
    def sync(site: Site, name: str, cache_url: str | None) -> Server:
        return start_gunicorn(site, name, cache_url=cache_url)

    def gthread(site: Site, name: str, cache_url: str | None) -> Server:
        return start_gunicorn(
            site, name, cache_url=cache_url, worker_class="gthread", threads=GTHREAD_THREADS
        )

    def granian(site: Site, name: str, cache_url: str | None) -> Server:
        return start_granian(site, name, cache_url=cache_url)

    def granian_one_thread(site: Site, name: str, cache_url: str | None) -> Server:
        return start_granian(site, name, cache_url=cache_url, options=GRANIAN_ONE_THREAD)

    granian_base = "granian --interface wsgi --workers $WEB_CONCURRENCY --access-log"
    return [
        Candidate("gunicorn-sync", "gunicorn -c config/gunicorn.conf.py config.wsgi", sync),
        Candidate(
            "gunicorn-gthread",
            "gunicorn -c config/gunicorn.conf.py --worker-class gthread "
            f"--threads {GTHREAD_THREADS} config.wsgi",
            gthread,
        ),
        Candidate("granian", f"{granian_base} config.wsgi:application", granian),
        Candidate(
            "granian-1-thread",
            f"{granian_base} {' '.join(GRANIAN_ONE_THREAD)} config.wsgi:application",
            granian_one_thread,
        ),
    ]


def measure_candidate(
    site: Site, candidate: Candidate, load: Load, warmup: float, say: Say
) -> dict[str, Any]:
    """(c) and (d) for one candidate, each on a fresh server that is stopped afterwards."""
    say(f"{candidate.name}: {candidate.command}")
    path = site.story_path
    results: dict[str, Outcome] = {}
    for key, cache_url, label, state in (
        ("c", None, "Django page cache hit", "hit"),
        ("d", UNCACHED, "full render, caches off", "miss"),
    ):
        server = candidate.start(site, f"{candidate.name}-{key}", cache_url)
        try:
            expect = Expectation(200, {"x-app-cache": state})
            prime(server.base_url + path, expect)
            scenario = Scenario(key, f"{candidate.name}: {label}", server.base_url + path, expect)
            results[key] = measure(scenario, load, warmup, say)
        finally:
            server.stop()
            site.servers.remove(server)
    return {
        "command": candidate.command,
        **{key: outcome.as_dict() for key, outcome in results.items()},
    }


def compare_servers(site: Site, load: Load, warmup: float, say: Say) -> dict[str, Any]:
    """Every candidate's (c) and (d) figures, by candidate name."""
    return {
        candidate.name: measure_candidate(site, candidate, load, warmup, say)
        for candidate in candidates()
    }
