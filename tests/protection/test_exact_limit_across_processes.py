"""A limit holds exactly when separate processes, each with several threads, race on one bucket.

Web workers are separate processes (and, in production, machines), so the
count must be atomic in the shared cache, not in any one process.  This runs
against a real redis-server and a diskcache directory whatever the suite's
own cache is.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from config.tests.fresh_process import run_django
from tests.servers import shared_cache

LIMIT = 733
PROCESSES = 4

RACER = """
import json, sys, threading, django
django.setup()
from ops.throttle.counters import hit
from ops.throttle.rates import Rate

rate, now = Rate(limit={limit}, period=86400), {now}
allowed = []
def worker():
    allowed.append(sum(hit("race", rate, fail_open=False, now=now).allowed for _ in range({hits})))
threads = [threading.Thread(target=worker) for _ in range({threads})]
for thread in threads: thread.start()
for thread in threads: thread.join()
print(json.dumps(sum(allowed)))
"""


@pytest.fixture(params=["redis", "diskcache"])
def shared_cache_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with shared_cache(request.param, tmp_path) as url:
        yield url


@pytest.mark.system
def test_processes_racing_on_one_bucket_are_allowed_exactly_the_limit(
    tmp_path: Path, shared_cache_url: str
) -> None:
    program = RACER.format(limit=LIMIT, now=time.time(), hits=50, threads=4)
    with ThreadPoolExecutor(PROCESSES) as pool:
        runs = list(
            pool.map(
                lambda _: run_django(
                    tmp_path, program, NEWSBUDGET_ENV="test", CACHE_URL=shared_cache_url
                ),
                range(PROCESSES),
            )
        )

    for run in runs:
        assert run.returncode == 0, run.stderr
    allowed = sum(json.loads(run.stdout) for run in runs)
    assert PROCESSES * 4 * 50 > LIMIT
    assert allowed == LIMIT
