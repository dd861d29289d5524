"""Four processes recording the same new error at the same moment make one group counting four.

Each process is a fresh Django on the run's database engine (a SQLite file in
WAL mode, or a PostgreSQL database), as web and worker processes are; they
start at once, wait for a common instant, then record the same exception.
The first to commit creates the group; the others must find it (or lose the
race to create it and update it instead), so nothing is lost and no
duplicate group appears.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.system.processes import BASE_DIR, manage, process_env

pytestmark = pytest.mark.system
PROCESSES = 4

RECORD_AT = """
import time
from ops.errors.tracker import Occurrence, record

class DeskFeedDown(RuntimeError):
    pass

time.sleep(max({at} - time.time(), 0))
try:
    raise DeskFeedDown("the desk feed is down")
except DeskFeedDown as error:
    recorded = record(Occurrence(error, error.__traceback__, "request", "GET /"))
print("recorded" if recorded else "NOT RECORDED")
"""

COUNT = """
from ops.errors.models import ErrorGroup
counts = ErrorGroup.objects.values_list("count", flat=True)
print("groups", len(counts), "count", sum(counts))
"""


def test_racing_processes_make_one_group_and_lose_no_occurrence(
    tmp_path: Path, process_database_url: str
) -> None:
    env = process_env(tmp_path, process_database_url)
    manage(env, "migrate", "--noinput")
    at = time.time() + 8  # after every interpreter has started
    program = RECORD_AT.format(at=at)
    racers = [
        subprocess.Popen(
            [sys.executable, "manage.py", "shell", "--no-imports", "-c", program],
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(PROCESSES)
    ]
    outputs = [racer.communicate(timeout=90)[0] for racer in racers]

    assert all("recorded" in output and "NOT" not in output for output in outputs), outputs
    assert f"groups 1 count {PROCESSES}" in manage(env, "shell", "--no-imports", "-c", COUNT)
