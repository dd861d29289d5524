"""``python -m bench``: the story-page benchmark (``make bench``) or the app-server comparison.

    python -m bench [--services embedded|production] [--seconds S] [--warmup S]
                    [--threads N] [--connections N] [--servers]

Without ``--servers`` it measures the five scenarios of ``bench.scenarios``
and the full render at half of its peak, and checks the issue's targets; with
``--servers`` it compares app servers (``bench.servers``, ``make
bench-servers``).  Everything it starts is stopped by PID on the way out,
including on Ctrl-C, SIGTERM or an error.
"""

from __future__ import annotations

import argparse
import datetime
import shlex
import signal
import sys
from collections.abc import Sequence
from types import FrameType
from typing import Any, NoReturn

from bench import chart, report
from bench.load import REPORT_SCRIPT, Load, LoadError, wrk_command
from bench.processes import StackError
from bench.scenarios import measure_half_peak, measure_page
from bench.servers import compare_servers
from bench.stack import GRANIAN_REQUIREMENT, loaded_site


def arguments(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--services",
        choices=("embedded", "production"),
        default="embedded",
        help="SQLite + diskcache (default) or PostgreSQL + Redis",
    )
    parser.add_argument("--seconds", type=float, default=10, help="length of each measured run")
    parser.add_argument("--warmup", type=float, default=2, help="discarded run before each")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections")
    parser.add_argument("--servers", action="store_true", help="compare app servers instead")
    return parser.parse_args(list(argv))


def say(line: str) -> None:
    print(line, flush=True)


def interrupted(signum: int, frame: FrameType | None) -> NoReturn:
    raise KeyboardInterrupt


def page_run(options: argparse.Namespace, load: Load) -> dict[str, Any]:
    with loaded_site(options.services) as site:
        say(
            f"Measuring {site.story_path} ({options.services} services), "
            f"wrk {load.threads} threads x {load.connections} connections x {load.seconds:g} s"
        )
        outcomes = measure_page(site, load, options.warmup, say)
        peak = outcomes["d"].figures.requests_per_second
        half = measure_half_peak(outcomes["d"].scenario.url, peak, load.seconds, say)
    scenarios = {key: outcome.as_dict() for key, outcome in outcomes.items()}
    rates = {key: outcome.figures.requests_per_second for key, outcome in outcomes.items()}
    return {
        "page": site.story_path,
        "scenarios": scenarios,
        "half_peak": half,
        "ratios": report.verdicts(report.ratio_values(rates, half["p99_ms"])),
    }


def servers_run(options: argparse.Namespace, load: Load) -> dict[str, Any]:
    with loaded_site(options.services) as site:
        say(f"Comparing app servers on {site.story_path} ({options.services} services)")
        return {
            "page": site.story_path,
            "servers": compare_servers(site, load, options.warmup, say),
        }


def main(argv: Sequence[str]) -> int:
    options = arguments(argv)
    load = Load(options.threads, options.connections, options.seconds)
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, interrupted)
    started = datetime.datetime.now(datetime.UTC)
    before = report.machine()
    try:
        figures = servers_run(options, load) if options.servers else page_run(options, load)
    except (StackError, LoadError) as error:
        print(f"bench: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("bench: interrupted; every server it started has been stopped", file=sys.stderr)
        return 130
    result = {
        "started_at": started.isoformat(timespec="seconds"),
        "finished_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "command": shlex.join(["uv", "run", "--frozen", "python", "-m", "bench", *argv]),
        "revision": report.git_revision(),
        "settings": {
            "services": options.services,
            "threads": load.threads,
            "connections": load.connections,
            "seconds": load.seconds,
            "warmup_seconds": options.warmup,
            "wrk": shlex.join(
                wrk_command("URL", load, headers=(), script=REPORT_SCRIPT, script_args=())
            ),
        },
        "machine": {**before, "load_average_after": report.machine()["load_average"]},
        "versions": {
            **report.versions(options.services),
            **({"granian": GRANIAN_REQUIREMENT} if options.servers else {}),
        },
        **figures,
    }
    stem = "servers" if options.servers else ""
    path = report.write_results(result, stem=stem, started=started)
    png = report.RESULTS / (f"{stem}-latest.png" if stem else "latest.png")
    if options.servers:
        chart.servers_chart(result, png)
        report.print_servers_table(result)
    else:
        chart.page_chart(result, png)
        report.print_page_table(result)
    print(
        f"\nWrote {path.relative_to(report.PROJECT)} (and latest), "
        f"{png.relative_to(report.PROJECT)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
