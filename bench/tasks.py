"""``python -m bench.tasks`` (``make bench-tasks``): how fast the task queue moves, per database.

For SQLite (a file, as ``make run`` uses) and PostgreSQL (a throwaway server
started by ``tests.servers``), with the real ``manage.py worker`` processes:

1. **Throughput**: N no-op tasks are enqueued first, then W workers started
   with ``--batch`` drain the queue.  jobs/s = N ÷ (last finish − first start),
   read from the task rows themselves.
2. **Latency**: W workers run idle (polling every ``--interval`` s, the
   production default being 1 s) while a producer enqueues M tasks at a steady
   rate; enqueue-to-start latency (``started_at − enqueued_at`` of each row)
   is reported as p50 and p99.

The workers are the Procfile's, with their leases, time limits and telemetry
(JSON logs to a file, as in production).  Everything runs on loopback in a
temporary directory, and every process it starts is stopped by its PID.
Results: ``bench/results/tasks-<UTC timestamp>.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
RESULTS = PROJECT / "bench" / "results"

ENQUEUE = """
import time
from bench.sample_tasks import noop
count, rate = {count}, {rate}
started = time.monotonic()
for n in range(count):
    if rate:
        time.sleep(max(0.0, started + n / rate - time.monotonic()))
    noop.enqueue()
"""

READ_ROWS = """
import json
from django_tasks_db.models import DBTaskResult
rows = DBTaskResult.objects.values_list("status", "enqueued_at", "started_at", "finished_at")
print(json.dumps([[s, e.timestamp(), st.timestamp() if st else None,
                   f.timestamp() if f else None] for s, e, st, f in rows]))
"""


def arguments(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.tasks", description=__doc__)
    parser.add_argument("--tasks", type=int, default=1000, help="tasks drained for throughput")
    parser.add_argument("--workers", type=int, default=2, help="worker processes")
    parser.add_argument("--latency-tasks", type=int, default=200, help="tasks for latency")
    parser.add_argument("--rate", type=float, default=20.0, help="tasks/s enqueued for latency")
    parser.add_argument("--interval", type=float, default=1.0, help="workers' idle poll, s")
    parser.add_argument(
        "--databases", default="sqlite,postgresql", help="comma-separated: sqlite, postgresql"
    )
    options = parser.parse_args(list(argv))
    if min(options.tasks, options.workers, options.latency_tasks) < 1 or options.rate <= 0:
        parser.error("--tasks, --workers, --latency-tasks and --rate must be positive")
    return options


def environment(root: Path, database_url: str) -> dict[str, str]:
    """The system tests' process environment (dev, DEBUG off, all under ``root``), JSON logs."""
    from tests.system.processes import process_env

    return process_env(root, database_url, LOG_FORMAT="json", PYTHONPATH=str(PROJECT))


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    if result.returncode:
        raise RuntimeError(f"manage.py {args[0]} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def shell(env: dict[str, str], script: str) -> str:
    return manage(env, "shell", "--no-imports", "--command", script)


@contextlib.contextmanager
def workers(env: dict[str, str], count: int, log: Path, *extra: str) -> Iterator[list[Any]]:
    """Start ``count`` workers; on exit, stop (SIGTERM, then SIGKILL) each one still running."""
    started: list[subprocess.Popen[bytes]] = []
    with log.open("ab") as sink:
        for n in range(count):
            argv = [sys.executable, "manage.py", "worker", "--worker-id", f"bench-{n}", *extra]
            started.append(subprocess.Popen(argv, cwd=PROJECT, env=env, stdout=sink, stderr=sink))
    try:
        yield started
    finally:
        for process in started:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in started:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def rows(env: dict[str, str]) -> list[list[Any]]:
    return json.loads(shell(env, READ_ROWS).strip().splitlines()[-1])


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def throughput(env: dict[str, str], options: argparse.Namespace, log: Path) -> dict[str, Any]:
    shell(
        env, "from django_tasks_db.models import DBTaskResult; DBTaskResult.objects.all().delete()"
    )
    shell(env, ENQUEUE.format(count=options.tasks, rate=0))
    with workers(env, options.workers, log, "--batch", "--no-startup-delay") as started:
        for process in started:
            process.wait(timeout=900)
    done = rows(env)
    succeeded = [row for row in done if row[0] == "SUCCESSFUL"]
    span = max(row[3] for row in succeeded) - min(row[2] for row in succeeded)
    return {
        "tasks": options.tasks,
        "succeeded": len(succeeded),
        "seconds": round(span, 3),
        "jobs_per_second": round(len(succeeded) / span, 1),
    }


def latency(env: dict[str, str], options: argparse.Namespace, log: Path) -> dict[str, Any]:
    shell(
        env, "from django_tasks_db.models import DBTaskResult; DBTaskResult.objects.all().delete()"
    )
    extra = ("--interval", str(options.interval))
    with workers(env, options.workers, log, *extra):
        time.sleep(3)  # let them start and go idle
        shell(env, ENQUEUE.format(count=options.latency_tasks, rate=options.rate))
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            done = rows(env)
            if all(row[0] == "SUCCESSFUL" for row in done):
                break
            time.sleep(1)
    waits = [(row[2] - row[1]) * 1000 for row in done if row[2] is not None]
    return {
        "tasks": options.latency_tasks,
        "rate_per_second": options.rate,
        "poll_interval_seconds": options.interval,
        "started": len(waits),
        "p50_ms": round(percentile(waits, 0.50), 1),
        "p99_ms": round(percentile(waits, 0.99), 1),
        "mean_ms": round(statistics.fmean(waits), 1),
    }


@contextlib.contextmanager
def database(kind: str, root: Path) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{root / 'db.sqlite3'}"
        return
    sys.path.insert(0, str(PROJECT))
    from tests.servers import postgres_server

    with postgres_server() as url:
        yield url


def measure(kind: str, options: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="newsbudget-bench-tasks-") as directory:
        root = Path(directory)
        with database(kind, root) as url:
            env = environment(root, url)
            manage(env, "migrate", "--noinput")
            log = root / "workers.log"
            print(f"{kind}: {options.tasks} tasks, {options.workers} workers …", flush=True)
            result = {"throughput": throughput(env, options, log)}
            print(f"{kind}: latency at {options.rate:g} tasks/s …", flush=True)
            result["latency"] = latency(env, options, log)
            return result


def main(argv: Sequence[str]) -> int:
    options = arguments(argv)
    results: dict[str, Any] = {
        "at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "workers": options.workers,
        "cpus": os.cpu_count(),
        "databases": {},
    }
    for kind in options.databases.split(","):
        if kind not in ("sqlite", "postgresql"):
            raise SystemExit(f"unknown database {kind!r}: use sqlite and/or postgresql")
        results["databases"][kind] = measure(kind, options)
    print_table(results)
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS / f"tasks-{stamp}.json"
    path.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written: {path.relative_to(PROJECT)}")
    return 0


def print_table(results: dict[str, Any]) -> None:
    print(f"\n{'database':<12}{'jobs/s':>10}{'drain s':>10}{'p50 ms':>10}{'p99 ms':>10}")
    for kind, figures in results["databases"].items():
        drain, wait = figures["throughput"], figures["latency"]
        print(
            f"{kind:<12}{drain['jobs_per_second']:>10}{drain['seconds']:>10}"
            f"{wait['p50_ms']:>10}{wait['p99_ms']:>10}"
        )
    sqlite, postgres = (results["databases"].get(k) for k in ("sqlite", "postgresql"))
    if sqlite and postgres:
        ratio = postgres["throughput"]["jobs_per_second"] / sqlite["throughput"]["jobs_per_second"]
        print(f"PostgreSQL ÷ SQLite throughput: {ratio:.2f}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
