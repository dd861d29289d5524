"""``python -m bench.pooling`` (``make bench-pooling``): how web nodes should hold connections.

A real PostgreSQL (``tests.servers``) holds the demo newsroom; ``--nodes``
gunicorn nodes (``--workers`` sync workers each, production settings, the
Procfile's command) serve it on loopback behind one HAProxy that spreads
requests round-robin, as a load balancer in front of a cluster would.  Caches
are off (``CACHE_URL=dummy://``) so every request renders the story page and
makes its queries.  wrk drives HAProxy with a bounded number of connections for
a bounded time.  Four ways of holding connections are measured, one after the
other on fresh nodes:

- ``no-reuse``: ``DATABASE_CONN_MAX_AGE=0``, a new connection per request (the
  baseline that pooling exists to avoid);
- ``persistent``: ``DATABASE_CONN_MAX_AGE=60`` (the default): one connection per
  worker, kept, health-checked at the start of each request;
- ``psycopg-pool``: ``DATABASE_POOL_MAX_SIZE`` (Django's ``OPTIONS["pool"]``):
  a psycopg pool per worker process;
- ``pgbouncer``: the workers keep persistent connections to a pgbouncer in
  transaction mode (``DATABASE_PGBOUNCER=true``, the shipped config from
  deploy/pgbouncer) which lends ``--pgbouncer-pool`` server connections.

For each: requests/s, p50/p99 latency and errors (wrk, through HAProxy), and the
connections PostgreSQL itself sees, sampled from ``pg_stat_activity`` every
``SAMPLE_SECONDS`` during the measured run (client backends of the site's
database: the peak, the mean, and how many were running a query), then at rest
after the run.  Ratios are against ``persistent``.  Everything runs on loopback
in a temporary directory; every process is stopped by its PID.  Results:
``bench/results/pooling-<UTC timestamp>.json`` and ``pooling-latest.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg

from bench import report
from bench.load import Figures, Load, run_wrk
from bench.processes import Server, StackError, start, wait_until_serving
from bench.stack import PROJECT, Site, gunicorn_command, load, site_environment
from tests.servers import (
    DATABASE,
    PostgresServer,
    free_port,
    pgbouncer_server,
    running_postgres,
)

HAPROXY = Path("/usr/sbin/haproxy")
SAMPLE_SECONDS = 0.25
UNCACHED = "dummy://"
CONNECTIONS_SQL = """
SELECT count(*), count(*) FILTER (WHERE state = 'active')
FROM pg_stat_activity
WHERE datname = %s AND backend_type = 'client backend' AND pid <> pg_backend_pid()
"""


def arguments(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.pooling", description=__doc__.split("\n", 1)[0]
    )
    parser.add_argument("--nodes", type=int, default=3, help="gunicorn nodes")
    parser.add_argument("--workers", type=int, default=2, help="sync workers per node")
    parser.add_argument("--seconds", type=float, default=15, help="length of each measured run")
    parser.add_argument("--warmup", type=float, default=3, help="discarded run before each")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--connections", type=int, default=24, help="wrk connections")
    parser.add_argument("--pool-max", type=int, default=4, help="DATABASE_POOL_MAX_SIZE")
    parser.add_argument("--pgbouncer-pool", type=int, default=4, help="pgbouncer's pool size")
    parser.add_argument(
        "--variants",
        default="no-reuse,persistent,psycopg-pool,pgbouncer",
        help="comma-separated: no-reuse, persistent, psycopg-pool, pgbouncer",
    )
    options = parser.parse_args(list(argv))
    numbers = (options.nodes, options.workers, options.threads, options.connections)
    if min(numbers) < 1 or options.seconds <= 0 or options.warmup < 0:
        parser.error("nodes, workers, threads, connections and seconds must be positive")
    unknown = set(options.variants.split(",")) - set(VARIANTS)
    if unknown:
        parser.error(f"unknown variants: {', '.join(sorted(unknown))}")
    return options


@dataclass(frozen=True)
class Variant:
    """One way of holding connections: its environment, and whether it goes through pgbouncer."""

    name: str
    summary: str
    environment: dict[str, str]
    pgbouncer: bool = False


def variants(options: argparse.Namespace) -> dict[str, Variant]:
    return {
        "no-reuse": Variant("no-reuse", "DATABASE_CONN_MAX_AGE=0", {"DATABASE_CONN_MAX_AGE": "0"}),
        "persistent": Variant(
            "persistent", "DATABASE_CONN_MAX_AGE=60", {"DATABASE_CONN_MAX_AGE": "60"}
        ),
        "psycopg-pool": Variant(
            "psycopg-pool",
            f"DATABASE_POOL_MAX_SIZE={options.pool_max} (min 1)",
            {"DATABASE_POOL_MAX_SIZE": str(options.pool_max), "DATABASE_POOL_MIN_SIZE": "1"},
        ),
        "pgbouncer": Variant(
            "pgbouncer",
            "DATABASE_PGBOUNCER=true, CONN_MAX_AGE=60 to pgbouncer "
            f"(pool {options.pgbouncer_pool})",
            {"DATABASE_PGBOUNCER": "true", "DATABASE_CONN_MAX_AGE": "60"},
            pgbouncer=True,
        ),
    }


VARIANTS = ("no-reuse", "persistent", "psycopg-pool", "pgbouncer")


@dataclass
class Sampler:
    """Counts PostgreSQL's client connections to the site's database, in a thread, until stopped."""

    admin_url: str
    totals: list[int] = field(default_factory=list)
    active: list[int] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)

    def count(self, connection: psycopg.Connection[Any]) -> tuple[int, int]:
        row = connection.execute(CONNECTIONS_SQL, [DATABASE]).fetchone()
        return (int(row[0]), int(row[1])) if row else (0, 0)

    def run(self) -> None:
        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            while not self.stopping.is_set():
                total, active = self.count(connection)
                self.totals.append(total)
                self.active.append(active)
                self.stopping.wait(SAMPLE_SECONDS)

    def once(self) -> int:
        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            return self.count(connection)[0]

    def summary(self) -> dict[str, Any]:
        return {
            "samples": len(self.totals),
            "peak": max(self.totals, default=0),
            "mean": round(statistics.fmean(self.totals), 1) if self.totals else 0,
            "peak_active": max(self.active, default=0),
            "mean_active": round(statistics.fmean(self.active), 2) if self.active else 0,
        }


@contextlib.contextmanager
def sampling(admin_url: str) -> Iterator[Sampler]:
    sampler = Sampler(admin_url)
    thread = threading.Thread(target=sampler.run, name="pg_stat_activity", daemon=True)
    thread.start()
    try:
        yield sampler
    finally:
        sampler.stopping.set()
        thread.join(timeout=10)


def haproxy_config(port: int, upstreams: Sequence[int], root: Path) -> str:
    """A minimal round-robin HTTP load balancer on ``port``, for this benchmark only."""
    servers = "\n".join(
        f"    server node{index} 127.0.0.1:{upstream} maxconn 64"
        for index, upstream in enumerate(upstreams)
    )
    return f"""global
    maxconn 4096
    pidfile {root}/haproxy.pid
defaults
    mode http
    option http-keep-alive
    timeout connect 5s
    timeout client 30s
    timeout server 30s
frontend site
    bind 127.0.0.1:{port}
    default_backend nodes
backend nodes
    balance roundrobin
{servers}
"""


def start_haproxy(site: Site, upstreams: Sequence[int], name: str) -> Server:
    if not os.access(HAPROXY, os.X_OK):
        raise StackError(f"{HAPROXY} is missing; run scripts/ensure-servers (as root)")
    port = free_port()
    config = site.root / f"{name}.cfg"
    config.write_text(haproxy_config(port, upstreams, site.root))
    server = start(
        name,
        [str(HAPROXY), "-db", "-f", str(config)],
        port=port,
        log=site.log(name),
        env=site.environment,
        cwd=PROJECT,
    )
    site.servers.append(server)
    wait_until_serving(server, site.story_path)
    return server


def start_nodes(
    site: Site, variant: Variant, database_url: str, options: argparse.Namespace
) -> list[Server]:
    """``--nodes`` gunicorn nodes for ``variant``, each on its own port, serving the site."""
    nodes = []
    for index in range(options.nodes):
        port = free_port()
        environment = site.app_environment(
            cache_url=UNCACHED,
            DATABASE_URL=database_url,
            WEB_CONCURRENCY=str(options.workers),
            WEB_BIND=f"127.0.0.1:{port}",
            PORT=str(port),
            # Booting is slow on a busy machine; no measured request comes near this.
            WEB_TIMEOUT="60",
            PROMETHEUS_MULTIPROC_DIR=str(site.root / f"metrics-{variant.name}-{index}"),
            **variant.environment,
        )
        name = f"{variant.name}-node{index}"
        server = start(
            name,
            gunicorn_command("sync", 1),
            port=port,
            log=site.log(name),
            env=environment,
            cwd=PROJECT,
        )
        site.servers.append(server)
        nodes.append(server)
        # One node at a time: a shared two-core machine boots nine Django processes slowly.
        wait_until_serving(server, site.story_path)
    return nodes


def wait_for_quiet(sampler_url: str, timeout: float = 20) -> int:
    """Wait until PostgreSQL sees no client connection to the site's database; how many remain."""
    deadline = time.monotonic() + timeout
    left = Sampler(sampler_url).once()
    while left and time.monotonic() < deadline:
        time.sleep(0.5)
        left = Sampler(sampler_url).once()
    return left


def measure(
    site: Site, postgres: PostgresServer, variant: Variant, options: argparse.Namespace
) -> dict[str, Any]:
    say(f"{variant.name}: {variant.summary}")
    with contextlib.ExitStack() as stack:
        database_url = postgres.url
        if variant.pgbouncer:
            bouncer = stack.enter_context(
                pgbouncer_server(postgres, pool_size=options.pgbouncer_pool, max_client_conn=500)
            )
            database_url = bouncer.url
        nodes = start_nodes(site, variant, database_url, options)
        balancer = start_haproxy(site, [node.port for node in nodes], f"haproxy-{variant.name}")
        try:
            url = balancer.base_url + site.story_path
            load_ = Load(options.threads, options.connections, options.seconds)
            if options.warmup:
                run_wrk(url, Load(options.threads, options.connections, options.warmup))
            with sampling(postgres.admin_url) as sampler:
                figures: Figures = run_wrk(url, load_)
            time.sleep(1)
            at_rest = sampler.once()
        finally:
            for server in (balancer, *nodes):
                server.stop()
                site.servers.remove(server)
    leftover = wait_for_quiet(postgres.admin_url)
    result = {
        "settings": variant.summary,
        "environment": variant.environment,
        **figures.as_dict(),
        "server_connections": {**sampler.summary(), "at_rest": at_rest},
        "left_after_stop": leftover,
    }
    connections = result["server_connections"]
    say(
        f"  {figures.requests_per_second:.0f} req/s, p50 {figures.p50_ms:.1f} ms, "
        f"p99 {figures.p99_ms:.1f} ms, {figures.failed} failed; PostgreSQL connections: "
        f"peak {connections['peak']}, mean {connections['mean']}, at rest {at_rest}"
    )
    return result


def say(line: str) -> None:
    print(line, flush=True)


def print_table(result: dict[str, Any]) -> None:
    runs = result["variants"]
    base = runs.get("persistent")
    print(
        f"\n{'variant':<14}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'failed':>8}"
        f"{'pg peak':>9}{'pg mean':>9}{'rest':>6}{'rps÷pers':>10}{'p99÷pers':>10}"
    )
    for name, run in runs.items():
        connections = run["server_connections"]
        rps_ratio = p99_ratio = "-"
        if base:
            rps_ratio = f"{run['requests_per_second'] / base['requests_per_second']:.2f}"
            p99_ratio = f"{run['p99_ms'] / base['p99_ms']:.2f}"
        print(
            f"{name:<14}{run['requests_per_second']:>9.0f}{run['p50_ms']:>9.1f}"
            f"{run['p99_ms']:>9.1f}{sum(run['errors'].values()):>8}"
            f"{connections['peak']:>9}{connections['mean']:>9}{connections['at_rest']:>6}"
            f"{rps_ratio:>10}{p99_ratio:>10}"
        )
    workers = result["nodes"] * result["workers_per_node"]
    print(f"({result['nodes']} nodes × {result['workers_per_node']} workers = {workers} workers)")


def ratios(runs: dict[str, Any]) -> dict[str, dict[str, float]]:
    base = runs.get("persistent")
    if not base:
        return {}
    return {
        name: {
            "requests_per_second": round(
                run["requests_per_second"] / base["requests_per_second"], 3
            ),
            "p50": round(run["p50_ms"] / base["p50_ms"], 3),
            "p99": round(run["p99_ms"] / base["p99_ms"], 3),
            "peak_server_connections": round(
                run["server_connections"]["peak"] / max(1, base["server_connections"]["peak"]),
                3,
            ),
        }
        for name, run in runs.items()
    }


def main(argv: Sequence[str]) -> int:
    options = arguments(argv)
    started = datetime.datetime.now(datetime.UTC)
    chosen = variants(options)
    result: dict[str, Any] = {
        "at": started.isoformat(timespec="seconds"),
        "command": "python -m bench.pooling " + " ".join(argv),
        "machine": report.machine(),
        "versions": {
            **report.versions("production"),
            "pgbouncer": report.first_line(["/usr/sbin/pgbouncer", "--version"]),
            "haproxy": report.first_line([str(HAPROXY), "-v"]),
        },
        "git": report.git_revision(),
        "page": "",
        "nodes": options.nodes,
        "workers_per_node": options.workers,
        "load": {
            "threads": options.threads,
            "connections": options.connections,
            "seconds": options.seconds,
            "warmup_seconds": options.warmup,
        },
        "variants": {},
    }
    root = Path(tempfile.mkdtemp(prefix="newsbudget-bench-pooling-"))
    try:
        with running_postgres() as postgres:
            site = Site(root, site_environment(root, postgres.url, UNCACHED), "production")
            try:
                say("loading the demo newsroom into PostgreSQL …")
                load(site)
                result["page"] = site.story_path
                for name in options.variants.split(","):
                    result["variants"][name] = measure(site, postgres, chosen[name], options)
            finally:
                site.stop_all()
    finally:
        shutil.rmtree(root, ignore_errors=True)
    result["ratios_to_persistent"] = ratios(result["variants"])
    result["machine"]["load_average_after"] = list(os.getloadavg())
    print_table(result)
    path = report.write_results(result, stem="pooling", started=started)
    say(f"written: {path.relative_to(PROJECT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
