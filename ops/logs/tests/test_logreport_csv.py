"""``--csv``: one row per route, every route, most requested first."""

from __future__ import annotations

import csv
from io import StringIO
from pathlib import Path

from ops.logs.tests.requestlog import run, write_log


def test_it_prints_a_csv_row_per_route(tmp_path: Path) -> None:
    output = run(str(write_log(tmp_path)), "--csv", "--top", "1")

    header, *rows = csv.reader(StringIO(output))
    assert header == [
        "route",
        "count",
        "errors",
        "client_errors",
        "total_ms",
        "p50_ms",
        "p95_ms",
        "p99_ms",
    ]
    assert len(rows) == 10  # every route, whatever --top says
    assert rows[0] == ["site:search", "100", "0", "0", "5050.0", "50.0", "95.0", "99.0"]
    assert ["site:export", "3", "0", "0", "15000.0", "5000.0", "6000.0", "6000.0"] in rows
    assert ["api:story-list", "5", "4", "1", "1002.0", "250.0", "250.0", "250.0"] in rows
    assert sum(int(row[1]) for row in rows) == 178
