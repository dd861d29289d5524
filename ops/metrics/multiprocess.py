"""Prometheus's multiprocess mode: one directory of value files shared by a node's processes.

gunicorn forks several workers, and the task worker and scheduler are
separate processes too; each keeps its own counters.  With
``PROMETHEUS_MULTIPROC_DIR`` set (the settings set it from the same variable,
default ``var/metrics``), ``prometheus_client`` writes each process's values
to memory-mapped files in that directory, and the /metrics view merges them.
The variable must be in the environment before ``prometheus_client`` is
first imported, which is why the settings module (and gunicorn's config, for
its master process) set it, not this app's ``ready()``.

When the web server starts, files left by processes that no longer exist are
removed (``remove_dead_process_files``), so counters start again from zero
after a restart (Prometheus reads that as a counter reset) instead of
growing with the files of every process that ever ran.  Files of processes
still running, such as the task worker beside a restarting web server, are
kept.  This module imports nothing from Django: gunicorn's master uses it.
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path

VARIABLE = "PROMETHEUS_MULTIPROC_DIR"
VALUE_FILE = re.compile(r".+_(?P<pid>\d+)\.db")


def use_directory(path: str | os.PathLike[str]) -> Path:
    """Create ``path`` (private to this user) and point this process and its children at it."""
    directory = Path(path)
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.environ[VARIABLE] = str(directory)
    return directory


def directory() -> Path | None:
    """The multiprocess directory in use, or None in single-process mode."""
    value = os.environ.get(VARIABLE, "")
    return Path(value) if value else None


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive, and not ours to judge
    return True


def remove_dead_process_files(path: Path) -> list[str]:
    """Delete the value files of processes that have exited; the names removed."""
    removed = []
    for entry in path.glob("*.db"):
        match = VALUE_FILE.fullmatch(entry.name)
        if match and not process_alive(int(match["pid"])):
            with contextlib.suppress(FileNotFoundError):
                entry.unlink()
                removed.append(entry.name)
    return removed
