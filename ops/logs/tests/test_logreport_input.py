"""Where the log comes from: a file, a gzip-compressed file, or standard input."""

from __future__ import annotations

import gzip
import io
import sys
from pathlib import Path

import pytest

from ops.logs.tests.requestlog import known_log, run_json

LOG_TEXT = "".join(f"{line}\n" for line in known_log())


def test_it_reads_stdin_for_a_dash() -> None:
    document = run_json("-", stdin=io.StringIO(LOG_TEXT))

    assert document["requests"] == 178


def test_it_reads_stdin_without_a_file(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(LOG_TEXT.encode()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)

    document = run_json()

    assert document["requests"] == 178
    assert not stdin.closed  # the process's stdin is left for others


def test_it_reads_a_gzipped_log(tmp_path: Path) -> None:
    path = tmp_path / "requests.log.gz"
    with gzip.open(path, "wt", encoding="utf-8") as stream:
        stream.write(LOG_TEXT)

    document = run_json(str(path))

    assert document["requests"] == 178
    assert document["skipped"]["total"] == 9
