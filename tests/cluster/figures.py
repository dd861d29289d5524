"""Figures the cluster tests measure, kept for docs/deployment.md (var/cluster-figures.json)."""

from __future__ import annotations

import json
from pathlib import Path

FIGURES = Path(__file__).resolve().parents[2] / "var" / "cluster-figures.json"


def record(name: str, **figures: object) -> None:
    """Add ``figures`` under ``name``, keeping what other tests recorded."""
    FIGURES.parent.mkdir(parents=True, exist_ok=True)
    try:
        recorded = json.loads(FIGURES.read_text())
    except (OSError, ValueError):
        recorded = {}
    recorded[name] = figures
    FIGURES.write_text(json.dumps(recorded, indent=2, sort_keys=True) + "\n")
    print(f"{name}: {figures}")
