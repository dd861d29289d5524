"""Processes count page views while other processes flush them: the database gets each view once.

Web workers count in separate processes (and, in production, on separate
machines), and two schedulers may flush at the same moment, so exactness must
come from the shared cache and the database, not from any one process.  Three
processes of four threads each count views of three stories over several
one-second windows; meanwhile two processes flush in a loop, racing each other
for every window.  Once the last window has closed, one more flush; the
``StoryViews`` rows must then add up to exactly the views counted.

It runs on the run's database engine (a SQLite file, or a PostgreSQL database)
against a real redis-server and a diskcache directory, whatever the suite's
own cache is.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.servers import shared_cache
from tests.system.processes import BASE_DIR, manage, process_env

pytestmark = pytest.mark.system

COUNTERS = 3
FLUSHERS = 2
THREADS = 4
VIEWS_PER_THREAD = 200

SETUP = """
import datetime, json
from newsbudget.desks.models import Desk
from newsbudget.stories.models import Status, Story
desk = Desk.objects.create(name="News", slug="news")
stories = [
    Story.objects.create(headline=f"Story {n}", slug=f"story-{n}", desk=desk,
                         status=Status.LIVE, budget_date=datetime.date.today())
    for n in range(3)
]
print("IDS", json.dumps([story.pk for story in stories]))
"""

BARRIER = """
import pathlib, time

def wait_for_everyone(name):
    pathlib.Path({sync!r}, name).touch()
    deadline = time.time() + 90
    while len(list(pathlib.Path({sync!r}).glob("ready-*"))) < {processes}:
        assert time.time() < deadline, "the other processes never started"
        time.sleep(0.05)
"""

COUNT = """
import json, pathlib, threading, time, uuid
from newsbudget.readership.services import count_view

story_ids = {story_ids}
wait_for_everyone(f"ready-{{uuid.uuid4().hex}}")
counted = []

def worker(index):
    done = 0
    for step in range({views}):
        done += count_view(story_id=story_ids[(index + step) % len(story_ids)])
        if step % 20 == 0:
            time.sleep(0.6)  # spread the views over several windows
    counted.append(done)

threads = [threading.Thread(target=worker, args=(n,)) for n in range({threads})]
for thread in threads: thread.start()
for thread in threads: thread.join()
pathlib.Path({sync!r}, f"counted-{{uuid.uuid4().hex}}").touch()
print("COUNTED", json.dumps(sum(counted)))
"""

FLUSH = """
import json, pathlib, time, uuid
from newsbudget.readership.services import flush_page_views

wait_for_everyone(f"ready-{{uuid.uuid4().hex}}")
windows = 0
while len(list(pathlib.Path({sync!r}).glob("counted-*"))) < {counters}:
    windows += flush_page_views().windows
    time.sleep(0.05)
print("FLUSHED", json.dumps(windows))
"""

TOTAL = """
from django.db.models import Sum
from newsbudget.readership.models import StoryViews
from newsbudget.readership.services import flush_page_views
flush_page_views()
print("TOTAL", StoryViews.objects.aggregate(total=Sum("count"))["total"])
"""


@pytest.fixture(params=["redis", "diskcache"])
def shared_cache_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with shared_cache(request.param, tmp_path) as url:
        yield url


def start(env: dict[str, str], program: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", program],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def printed(output: str, label: str) -> Any:
    for line in output.splitlines():
        if line.startswith(f"{label} "):
            return json.loads(line.removeprefix(f"{label} "))
    raise AssertionError(f"No {label} line in:\n{output}")


def test_views_counted_by_racing_processes_are_flushed_exactly_once(
    tmp_path: Path, process_database_url: str, shared_cache_url: str
) -> None:
    env = process_env(
        tmp_path,
        process_database_url,
        CACHE_URL=shared_cache_url,
        PAGE_VIEWS_WINDOW_SECONDS="1",
        PAGE_VIEWS_FLUSH_DELAY_SECONDS="3",
        LOG_LEVEL="WARNING",
    )
    manage(env, "migrate", "--noinput")
    story_ids = printed(manage(env, "shell", "--no-imports", "-c", SETUP), "IDS")
    sync = tmp_path / "sync"
    sync.mkdir()
    barrier = BARRIER.format(sync=str(sync), processes=COUNTERS + FLUSHERS)
    counting = barrier + COUNT.format(
        story_ids=story_ids, views=VIEWS_PER_THREAD, threads=THREADS, sync=str(sync)
    )
    flushing = barrier + FLUSH.format(sync=str(sync), counters=COUNTERS)
    processes = [start(env, counting) for _ in range(COUNTERS)]
    processes += [start(env, flushing) for _ in range(FLUSHERS)]
    outputs = [process.communicate(timeout=120)[0] for process in processes]

    assert all(process.returncode == 0 for process in processes), outputs
    counted = sum(printed(output, "COUNTED") for output in outputs[:COUNTERS])
    flushed_while_counting = sum(printed(output, "FLUSHED") for output in outputs[COUNTERS:])
    time.sleep(4.1)  # the last window closes and its flush delay passes
    total = printed(manage(env, "shell", "--no-imports", "-c", TOTAL), "TOTAL")

    assert counted == COUNTERS * THREADS * VIEWS_PER_THREAD
    assert flushed_while_counting >= 1, f"no window flushed while counting: {outputs}"
    assert total == counted
