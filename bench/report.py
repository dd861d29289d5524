"""What a benchmark run writes: the machine, the versions, the figures, the ratios and a chart.

A number without its machine is not a result.  Each run records the cores,
the CPU, the load average before and after (other work on the machine shows
up there), the versions of everything in the request path and the exact
command, beside each scenario's figures.  Files go to ``bench/results/``:
``<UTC timestamp>.json`` and ``latest.json`` with ``latest.png``; only the
reference result named in docs/performance.md is committed.
"""

from __future__ import annotations

import datetime
import importlib.metadata
import json
import os
import platform
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
RESULTS = PROJECT / "bench" / "results"


@dataclass(frozen=True)
class Target:
    """A figure the issue asks for, and whether a run reached it."""

    name: str
    description: str
    minimum: float | None = None
    maximum: float | None = None

    def met(self, value: float) -> bool:
        """Whether ``value`` reaches the target.

        >>> Target("b/a", "microcache vs static", minimum=0.9).met(0.93)
        True
        >>> Target("p99", "uncached p99 at half peak (ms)", maximum=50).met(50.0)
        False
        """
        if self.minimum is not None and value < self.minimum:
            return False
        return not (self.maximum is not None and value >= self.maximum)

    @property
    def wanted(self) -> str:
        return f">= {self.minimum:g}" if self.minimum is not None else f"< {self.maximum:g}"


TARGETS = (
    Target("b/a", "microcache HIT vs static file (req/s)", minimum=0.9),
    Target("c/d", "page cache hit vs full render (req/s)", minimum=5),
    Target("e/d", "304 revalidation vs full render (req/s)", minimum=3),
    Target("half_peak_p99_ms", "full render p99 at half of its peak rate (ms)", maximum=50),
)


def ratio_values(rates: Mapping[str, float], half_peak_p99_ms: float) -> dict[str, float]:
    """b/a, c/d and e/d from requests/s by scenario, and the half-peak p99.

    >>> ratio_values({"a": 1000, "b": 950, "c": 600, "d": 100, "e": 800}, 21.5)
    {'b/a': 0.95, 'c/d': 6.0, 'e/d': 8.0, 'half_peak_p99_ms': 21.5}
    """
    return {
        "b/a": round(rates["b"] / rates["a"], 3),
        "c/d": round(rates["c"] / rates["d"], 3),
        "e/d": round(rates["e"] / rates["d"], 3),
        "half_peak_p99_ms": half_peak_p99_ms,
    }


def verdicts(values: Mapping[str, float]) -> dict[str, dict[str, Any]]:
    return {
        target.name: {
            "value": values[target.name],
            "target": target.wanted,
            "met": target.met(values[target.name]),
            "description": target.description,
        }
        for target in TARGETS
    }


# --- Facts about the machine and the software ------------------------------


def first_line(command: list[str]) -> str:
    """The first line a command prints (stdout or stderr), or 'not found'."""
    if shutil.which(command[0]) is None and not Path(command[0]).exists():
        return "not found"
    result = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)
    output = (result.stdout or result.stderr).strip()
    return output.splitlines()[0] if output else "unknown"


def cpu_model() -> str:
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return platform.processor() or "unknown"
    found = re.search(r"^model name\s*:\s*(.+)$", text, re.M)
    return found.group(1).strip() if found else "unknown"


def memory_gib() -> float | None:
    try:
        text = Path("/proc/meminfo").read_text()
    except OSError:
        return None
    found = re.search(r"^MemTotal:\s*(\d+) kB", text, re.M)
    return round(int(found.group(1)) / 1024 / 1024, 1) if found else None


def machine() -> dict[str, Any]:
    return {
        "cores": os.cpu_count(),
        "cpu_model": cpu_model(),
        "memory_gib": memory_gib(),
        "kernel": platform.release(),
        "load_average": list(os.getloadavg()),
    }


def versions(services: str) -> dict[str, str]:
    found = {
        "python": platform.python_version(),
        "django": importlib.metadata.version("django"),
        "gunicorn": importlib.metadata.version("gunicorn"),
        "nginx": first_line(["/usr/sbin/nginx", "-v"]),
        "wrk": first_line(["wrk", "--version"]),
    }
    if services == "production":
        found["postgresql"] = first_line(["psql", "--version"])
        found["redis"] = first_line(["/usr/bin/redis-server", "--version"])
    else:
        found["sqlite"] = sqlite3.sqlite_version
    return found


def git_revision() -> str:
    revision = first_line(["git", "-C", str(PROJECT), "rev-parse", "--short", "HEAD"])
    status = subprocess.run(
        ["git", "-C", str(PROJECT), "status", "--porcelain"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    return revision + ("+uncommitted" if status.stdout.strip() else "")


def timestamp(moment: datetime.datetime) -> str:
    """A file-name-safe UTC timestamp.

    >>> timestamp(datetime.datetime(2026, 11, 23, 7, 5, 9, tzinfo=datetime.UTC))
    '20261123T070509Z'
    """
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


# --- Writing -----------------------------------------------------------------


def write_results(result: dict[str, Any], *, stem: str, started: datetime.datetime) -> Path:
    """``<timestamp>.json`` and ``latest.json`` (prefixed with ``stem`` unless it is empty)."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    prefix = f"{stem}-" if stem else ""
    text = json.dumps(result, indent=2) + "\n"
    path = RESULTS / f"{prefix}{timestamp(started)}.json"
    path.write_text(text)
    (RESULTS / f"{prefix}latest.json").write_text(text)
    return path


def print_page_table(result: Mapping[str, Any]) -> None:
    print()
    print(f"{'scenario':<52} {'req/s':>10} {'p50 ms':>8} {'p99 ms':>8}")
    for key, figures in result["scenarios"].items():
        print(
            f"({key}) {figures['label']:<48} {figures['requests_per_second']:>10.1f} "
            f"{figures['p50_ms']:>8.2f} {figures['p99_ms']:>8.2f}"
        )
    half = result["half_peak"]
    print(
        f"(d) at {half['fraction_of_peak']:.0%} of its peak{'':<31} "
        f"{half['requests_per_second']:>10.1f} {half['p50_ms']:>8.2f} {half['p99_ms']:>8.2f}"
    )
    print()
    for name, verdict in result["ratios"].items():
        mark = "met" if verdict["met"] else "NOT MET"
        print(
            f"{name:<20} {verdict['value']:>9.3f}  target {verdict['target']:<6} {mark:<8} "
            f"{verdict['description']}"
        )
    problems = {key: f["problems"] for key, f in result["scenarios"].items() if f["problems"]}
    if problems:
        print(f"\nPROBLEMS (these figures may not measure what their label says): {problems}")


def print_servers_table(result: Mapping[str, Any]) -> None:
    print()
    print(
        f"{'server':<20} {'(c) req/s':>10} {'p50':>7} {'p99':>7}   "
        f"{'(d) req/s':>10} {'p50':>7} {'p99':>7}"
    )
    for name, figures in result["servers"].items():
        hit, render = figures["c"], figures["d"]
        print(
            f"{name:<20} {hit['requests_per_second']:>10.1f} {hit['p50_ms']:>7.2f} "
            f"{hit['p99_ms']:>7.2f}   {render['requests_per_second']:>10.1f} "
            f"{render['p50_ms']:>7.2f} {render['p99_ms']:>7.2f}"
        )
    problems = {
        f"{name} ({key})": figures[key]["problems"]
        for name, figures in result["servers"].items()
        for key in ("c", "d")
        if figures[key]["problems"]
    }
    if problems:
        print(f"\nPROBLEMS (these figures may not measure what their label says): {problems}")
