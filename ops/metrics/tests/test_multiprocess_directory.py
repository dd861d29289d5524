"""The multiprocess directory: files of exited processes go when the web server starts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ops.metrics.multiprocess import remove_dead_process_files


def exited_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_it_removes_the_files_of_exited_processes_and_keeps_the_living(tmp_path: Path) -> None:
    dead = exited_pid()
    for name in (f"counter_{dead}.db", f"histogram_{dead}.db", f"counter_{os.getpid()}.db"):
        (tmp_path / name).write_bytes(b"\0" * 8)
    (tmp_path / "notes.txt").write_text("not a value file")

    removed = remove_dead_process_files(tmp_path)

    assert sorted(removed) == [f"counter_{dead}.db", f"histogram_{dead}.db"]
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        f"counter_{os.getpid()}.db",
        "notes.txt",
    ]
