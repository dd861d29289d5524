"""Load from wrk (Debian's package): one closed-loop run, read back as exact figures.

wrk keeps every connection busy — a response is followed at once by the next
request — so a run measures the most a server sustains with that many
clients, and the latency they see at that load.  Its text output rounds the
percentiles; ``wrk/report.lua`` prints the exact histogram figures as JSON
instead, which this module reads.  ``wrk/paced.lua`` adds a fixed pause
between a connection's requests, to hold the load at a chosen fraction of the
peak (wrk2's constant-rate mode is not packaged for Debian).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPORT_SCRIPT = HERE / "wrk" / "report.lua"
PACED_SCRIPT = HERE / "wrk" / "paced.lua"
MARKER = "WRK_JSON "
REQUEST_TIMEOUT = "5s"


class LoadError(RuntimeError):
    """wrk is missing, failed, or printed no figures."""


@dataclass(frozen=True)
class Load:
    """How hard and how long: wrk's threads, open connections and seconds."""

    threads: int
    connections: int
    seconds: float


@dataclass(frozen=True)
class Figures:
    """What one wrk run saw (latencies in milliseconds)."""

    requests: int
    seconds: float
    requests_per_second: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    mean_ms: float
    max_ms: float
    errors: dict[str, int]

    @property
    def failed(self) -> int:
        """Requests that got no answer or an answer of 400 or above."""
        return sum(self.errors.values())

    @property
    def mean_in_flight(self) -> float:
        """Requests in service at once, on average (Little's law: rate x mean latency).

        In a closed loop every connection always has a request out, so this is
        the number of connections; far fewer means the server left some
        connections waiting (unaccepted) while it served the others.
        """
        return round(self.requests_per_second * self.mean_ms / 1000, 2)

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "mean_in_flight": self.mean_in_flight}


def figures_from(report: dict[str, Any]) -> Figures:
    """Figures from report.lua's JSON (microseconds, a request count, the run's length).

    >>> figures = figures_from({
    ...     "requests": 2000, "duration_us": 10_000_000, "bytes": 1,
    ...     "latency_us": {"mean": 1500.0, "stdev": 1.0, "min": 1, "max": 9000,
    ...                    "p50": 1200, "p90": 2500, "p99": 4000, "p999": 8000},
    ...     "errors": {"connect": 0, "read": 0, "write": 0, "status": 3, "timeout": 0}})
    >>> figures.requests_per_second, figures.p50_ms, figures.p99_ms, figures.failed
    (200.0, 1.2, 4.0, 3)
    """
    latency = report["latency_us"]
    seconds = report["duration_us"] / 1e6
    return Figures(
        requests=report["requests"],
        seconds=round(seconds, 3),
        requests_per_second=round(report["requests"] / seconds, 1),
        p50_ms=latency["p50"] / 1000,
        p90_ms=latency["p90"] / 1000,
        p99_ms=latency["p99"] / 1000,
        mean_ms=round(latency["mean"] / 1000, 3),
        max_ms=latency["max"] / 1000,
        errors=dict(report["errors"]),
    )


def wrk_binary() -> str:
    found = shutil.which("wrk")
    if found is None:
        raise LoadError("wrk is not installed; run scripts/ensure-servers (as root)")
    return found


def wrk_command(
    url: str, load: Load, *, headers: Sequence[str], script: Path, script_args: Sequence[str]
) -> list[str]:
    """The exact wrk command line for one run."""
    command = [
        wrk_binary(),
        f"--threads={load.threads}",
        f"--connections={load.connections}",
        f"--duration={load.seconds:g}s",
        f"--timeout={REQUEST_TIMEOUT}",
        f"--script={script}",
    ]
    for header in headers:
        command += ["--header", header]
    command.append(url)
    if script_args:
        command += ["--", *script_args]
    return command


def run_wrk(
    url: str,
    load: Load,
    *,
    headers: Sequence[str] = (),
    script: Path = REPORT_SCRIPT,
    script_args: Sequence[str] = (),
) -> Figures:
    """Drive ``url`` for ``load.seconds`` and return what wrk measured."""
    command = wrk_command(url, load, headers=headers, script=script, script_args=script_args)
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=load.seconds + 60, check=False
    )
    for line in result.stdout.splitlines():
        if line.startswith(MARKER):
            return figures_from(json.loads(line.removeprefix(MARKER)))
    raise LoadError(
        f"wrk printed no figures (exit {result.returncode}):\n{result.stdout}{result.stderr}"
    )
