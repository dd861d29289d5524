"""``--json``: the whole report as one JSON document, with the numbers of the text report."""

from __future__ import annotations

import json
from pathlib import Path

from ops.logs.tests.requestlog import run, write_log


def test_it_prints_one_json_document_with_the_same_numbers(tmp_path: Path) -> None:
    document = json.loads(run(str(write_log(tmp_path)), "--json"))

    assert document["requests"] == 178
    assert document["span"] == {
        "first": "2026-12-01T20:00:00Z",
        "last": "2026-12-01T21:00:00Z",
        "seconds": 3600.0,
    }
    assert document["skipped"] == {
        "total": 9,
        "not_json": 3,
        "other_event": 3,
        "damaged": 3,
        "too_long": 0,
    }
    assert document["statuses"] == {"200": 165, "302": 2, "401": 1, "404": 5, "500": 4, "503": 1}
    assert document["errors"] == {"count": 5, "share": 0.0281}
    assert document["client_errors"] == {"count": 6, "share": 0.0337}
    assert document["routes_by_count"][0]["route"] == "site:search"
    assert document["routes_by_time"][0]["route"] == "site:export"
    assert [bot["reason"] for bot in document["bots"]] == ["deep-pagination", "robots-violation"]
    assert document["options"] == {
        "top": 10,
        "deep_page": 5,
        "bot_rate": 10,
        "bot_window_seconds": 60.0,
        "percentiles": "nearest-rank",
        "sample_cap": 100000,
    }


def test_it_prints_nothing_but_the_document(tmp_path: Path) -> None:
    output = run(str(write_log(tmp_path)), "--json")

    assert output.startswith("{")
    assert output.rstrip().endswith("}")
    json.loads(output)
