"""PNG charts of a run, drawn with matplotlib's Agg backend (no display needed).

Throughput and latency sit on logarithmic axes: the layers differ by orders of
magnitude (a static file against a full render), and a linear axis would show
only the fastest bar.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # the backend is chosen first

COLOURS = {"p50": "#4c78a8", "p99": "#f58518", "rate": "#54a24b"}


def page_chart(result: Mapping[str, Any], path: Path) -> None:
    """Requests/s and p50/p99 latency of each scenario, with the run's machine and date."""
    scenarios = result["scenarios"]
    half = result["half_peak"]
    labels = [f"({key}) {figures['label']}" for key, figures in scenarios.items()]
    rates = [figures["requests_per_second"] for figures in scenarios.values()]
    figure, (left, right) = plt.subplots(1, 2, figsize=(13, 5.5), layout="constrained")

    positions = list(range(len(labels)))
    left.barh(positions, rates, color=COLOURS["rate"])
    left.set_xscale("log")
    left.set_yticks(positions, labels)
    left.invert_yaxis()
    left.set_xlabel("requests per second (log scale)")
    for position, rate in zip(positions, rates, strict=True):
        left.annotate(
            f"{rate:,.0f}",
            (rate, position),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
        )

    latency_labels = [*scenarios.keys(), "d @ half peak"]
    p50 = [figures["p50_ms"] for figures in scenarios.values()] + [half["p50_ms"]]
    p99 = [figures["p99_ms"] for figures in scenarios.values()] + [half["p99_ms"]]
    width = 0.4
    spots = list(range(len(latency_labels)))
    right.bar([x - width / 2 for x in spots], p50, width, label="p50", color=COLOURS["p50"])
    right.bar([x + width / 2 for x in spots], p99, width, label="p99", color=COLOURS["p99"])
    right.axhline(50, color="grey", linestyle="--", linewidth=1)
    right.annotate(
        "p99 target for (d) at half peak: 50 ms",
        (-0.5, 50),
        xytext=(2, 3),
        textcoords="offset points",
        ha="left",
        fontsize=8,
    )
    right.set_yscale("log")
    right.set_xticks(spots, latency_labels)
    right.set_ylabel("latency, ms (log scale)")
    right.legend()

    facts = result["machine"]
    figure.suptitle(
        f"newsbudget story page, {result['started_at'][:16]} UTC: {facts['cores']} cores, "
        f"{facts['cpu_model']}; wrk {result['settings']['threads']} threads, "
        f"{result['settings']['connections']} connections, {result['settings']['seconds']:g} s",
        fontsize=10,
    )
    figure.savefig(path, dpi=110)
    plt.close(figure)


def servers_chart(result: Mapping[str, Any], path: Path) -> None:
    """Requests/s of each app server on (c) and (d)."""
    servers = result["servers"]
    names = list(servers)
    figure, axes = plt.subplots(1, 2, figsize=(11, 4.5), layout="constrained")
    for axis, key, title in (
        (axes[0], "c", "(c) page cache hit"),
        (axes[1], "d", "(d) full render"),
    ):
        rates = [servers[name][key]["requests_per_second"] for name in names]
        axis.bar(names, rates, color=COLOURS["rate"])
        axis.tick_params(axis="x", labelrotation=15)
        axis.set_title(title)
        axis.set_ylabel("requests per second")
        for position, rate in enumerate(rates):
            axis.annotate(
                f"{rate:,.0f}",
                (position, rate),
                xytext=(0, 3),
                textcoords="offset points",
                ha="center",
                fontsize=8,
            )
    facts = result["machine"]
    figure.suptitle(
        f"App servers, {result['started_at'][:16]} UTC: {facts['cores']} cores, "
        f"{facts['cpu_model']}",
        fontsize=10,
    )
    figure.savefig(path, dpi=110)
    plt.close(figure)
