"""``make soak``: a steady load below capacity on the local cluster, for 10 minutes by default.

It starts a cluster of its own (deploy/cluster.py, free loopback ports, a
temporary directory, removed afterwards), warms it up, notes each supervised
process's memory (resident set of the process and its children, from
/proc), then holds a steady load of readers and API writers through the
balancer.  It fails (exit 1) when any request fails, or when a process's
memory grew by more than ``--max-growth-mb`` (default 64 MB) between the end
of the warm-up and the end of the soak.  Figures go to
bench/results/soak-<time>.json.  Not part of CI: it takes ten minutes.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from deploy import cluster as local_cluster
from deploy import deploy as deploy_tool
from deploy.loadgen import Request, SteadyLoad
from deploy.site import Site, Supervisor

RESULTS = Path(__file__).resolve().parent / "results"
PROGRAMS = ("web1", "web2", "web3", "worker", "scheduler", "postgres", "redis", "haproxy")


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def tree_rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and all its descendants, in MB."""
    total_kb, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total_kb += int(line.split()[1])
        pending += children(current)
    return round(total_kb / 1024, 1)


def memory(supervisor: Supervisor) -> dict[str, float]:
    sizes = {}
    for name in PROGRAMS:
        pid = supervisor.pid(name)
        if pid is not None:
            sizes[name] = tree_rss_mb(pid)
    return sizes


def requests_for(running: local_cluster.Cluster) -> list[Request]:
    site = Site.load(running.site_file)
    setup = (
        "from newsbudget.stories.models import Story; "
        "story = Story.objects.filter(status='live').order_by('pk').first(); "
        "print(story.desk.slug, story.slug)"
    )
    printed = deploy_tool.manage(site, site.current.resolve(), "shell", "-c", setup)
    desk, story = printed.split()[-2:]
    return [
        Request("GET", "/"),
        Request("GET", f"/stories/{story}/"),
        Request("GET", f"/desks/{desk}/"),
        Request("GET", "/api/v1/stories/"),
    ]


def soak(root: Path, minutes: float, rate: float, max_growth_mb: float) -> dict[str, object]:
    running = local_cluster.start(root, nodes=3, port=None, revision="HEAD", demo=True)
    supervisor = Supervisor(running.supervisor_config)
    threads = 4
    interval = threads / rate
    requests = requests_for(running)
    print(f"Warming up {running.url} for 30 s", file=sys.stderr)
    with SteadyLoad(running.url, requests, threads=threads, interval=interval, duration=30,
                    verify=str(running.ca_file)) as warmup:  # fmt: skip
        time.sleep(30)
    warmup.stop()
    before = memory(supervisor)
    print(f"Soaking at {rate:.0f} requests/s for {minutes:g} min", file=sys.stderr)
    load = SteadyLoad(running.url, requests, threads=threads, interval=interval,
                      duration=minutes * 60, verify=str(running.ca_file))  # fmt: skip
    with load:
        time.sleep(minutes * 60)
    summary = load.stop()
    after = memory(supervisor)
    growth = {name: round(after[name] - before.get(name, 0.0), 1) for name in after}
    return {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "minutes": minutes,
        "target_rate": rate,
        "requests": len(summary.answers),
        "statuses": dict(summary.statuses),
        "failed": len(summary.failures()),
        "memory_mb_before": before,
        "memory_mb_after": after,
        "memory_growth_mb": growth,
        "max_growth_mb": max_growth_mb,
        "passed": not summary.failures() and all(g <= max_growth_mb for g in growth.values()),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make soak", description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--rate", type=float, default=40, help="requests per second (total)")
    parser.add_argument("--max-growth-mb", type=float, default=64)
    options = parser.parse_args(sys.argv[1:] if argv is None else argv)
    root = Path(tempfile.mkdtemp(prefix="newsbudget-soak-"))
    try:
        result = soak(root, options.minutes, options.rate, options.max_growth_mb)
    finally:
        local_cluster.remove(root)
    RESULTS.mkdir(exist_ok=True)
    output = RESULTS / f"soak-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    output.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    print(f"Written to {output}", file=sys.stderr)
    return 0 if result["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
