"""Workers and schedulers that die or are stopped: no task lost, none done twice, one scheduler.

Real ``worker`` and ``scheduler`` processes (the Procfile's commands) share a
database of their own — a SQLite file, or a PostgreSQL database in
``make test-postgres`` — with short leases so the takeovers happen within the
test's bounds.  The task under test adds one to a story's word count exactly
once (an idempotency key in the same transaction), then holds; the workers
are killed or stopped during that hold.
"""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import pytest

from tests.system.processes import Running, manage, process_env, procfile_command, running

pytestmark = pytest.mark.system

TASKS = 20

MAKE_A_STORY = """
from django.utils import timezone
from newsbudget.desks.models import Desk
from newsbudget.stories.models import Story

desk = Desk.objects.create(name="News", slug="news")
story = Story.objects.create(
    desk=desk, headline="Counting words", slug="counting-words",
    budget_date=timezone.localdate(), word_count=0,
)
print(story.pk)
"""

ENQUEUE = """
from tests.system.sample_tasks import add_a_word
for _ in range({count}):
    add_a_word.enqueue({story}, {hold})
"""

STATE = """
import json
from django_tasks_db.models import DBTaskResult
from newsbudget.stories.models import Story
tasks = {{str(t.pk): [t.status, t.worker_ids] for t in DBTaskResult.objects.all()}}
print(json.dumps({{"words": Story.objects.get(pk={story}).word_count, "tasks": tasks}}))
"""


def fast_failover_env(tmp_path: Path, database_url: str) -> dict[str, str]:
    return process_env(
        tmp_path,
        database_url,
        TASK_LEASE_MARGIN_SECONDS="1",
        TASK_RECOVERY_INTERVAL_SECONDS="0.5",
        WORKER_SHUTDOWN_GRACE_SECONDS="1",
        SCHEDULER_LEASE_SECONDS="2",
    )


def a_story(env: dict[str, str]) -> int:
    manage(env, "migrate", "--noinput")
    return int(manage(env, "shell", "--no-imports", "--command", MAKE_A_STORY).split()[-1])


def enqueue(env: dict[str, str], story: int, count: int, hold: float) -> None:
    script = ENQUEUE.format(count=count, story=story, hold=hold)
    manage(env, "shell", "--no-imports", "--command", script)


def state(env: dict[str, str], story: int) -> dict:
    output = manage(env, "shell", "--no-imports", "--command", STATE.format(story=story))
    return json.loads(output.strip().splitlines()[-1])


def wait_until_all_succeeded(env: dict[str, str], story: int, timeout: float) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        now = state(env, story)
        statuses = {status for status, _ in now["tasks"].values()}
        if statuses == {"SUCCESSFUL"}:
            return now
        assert time.monotonic() < deadline, f"Not all tasks succeeded in {timeout}s: {now}"
        time.sleep(0.5)


def worker(name: str) -> list[str]:
    return [*procfile_command("worker"), "--worker-id", name, "--interval", "0.2"]


def kill(process: Running) -> None:
    os.killpg(process.process.pid, signal.SIGKILL)
    process.process.wait(timeout=10)


def test_a_worker_killed_mid_task_loses_nothing_and_doubles_nothing(
    tmp_path: Path, process_database_url: str
) -> None:
    env = fast_failover_env(tmp_path, process_database_url)
    story = a_story(env)
    enqueue(env, story, TASKS, hold=0.8)

    with (
        running(worker("worker-a"), env, tmp_path / "a.log") as doomed,
        running(worker("worker-b"), env, tmp_path / "b.log") as survivor,
    ):
        held = doomed.wait_for(r"added a word for add-a-word:(\S+) on attempt 1", timeout=60)
        kill(doomed)
        final = wait_until_all_succeeded(env, story, timeout=90)
        survivor.wait_for(r"Requeued task", timeout=5)
        assert survivor.stop() == 0, survivor.output()

    assert final["words"] == TASKS  # every task's effect, exactly once
    killed_task = held.group(1)
    assert final["tasks"][killed_task] == ["SUCCESSFUL", ["worker-a", "worker-b"]]
    assert f"added a word for add-a-word:{killed_task} on attempt 2" in survivor.output()


def test_sigterm_lets_a_short_task_finish_before_the_worker_exits(
    tmp_path: Path, process_database_url: str
) -> None:
    env = fast_failover_env(tmp_path, process_database_url)
    env["WORKER_SHUTDOWN_GRACE_SECONDS"] = "20"
    story = a_story(env)
    enqueue(env, story, 1, hold=2)

    with running(worker("worker-a"), env, tmp_path / "a.log") as process:
        process.wait_for(r"added a word", timeout=60)
        assert process.stop(timeout=15) == 0, process.output()

    (task,) = state(env, story)["tasks"].values()
    assert task == ["SUCCESSFUL", ["worker-a"]]
    assert "stopping after the current task" in process.output()


def test_sigterm_releases_a_long_task_after_the_grace_period(
    tmp_path: Path, process_database_url: str
) -> None:
    env = fast_failover_env(tmp_path, process_database_url)
    story = a_story(env)
    enqueue(env, story, 1, hold=60)

    with running(worker("worker-a"), env, tmp_path / "a.log") as process:
        process.wait_for(r"added a word", timeout=60)
        stopped = time.monotonic()
        assert process.stop(timeout=15) == 0, process.output()
        assert time.monotonic() - stopped < 10

    now = state(env, story)
    (task,) = now["tasks"].values()
    assert task == ["READY", []]  # back in the queue, no attempt spent
    assert now["words"] == 1  # and its effect is recorded, so the next run will not repeat it
    assert "Released task" in process.output()


def test_only_one_scheduler_runs_and_a_standby_takes_over_when_it_dies(
    tmp_path: Path, process_database_url: str
) -> None:
    env = fast_failover_env(tmp_path, process_database_url)
    manage(env, "migrate", "--noinput")
    command = procfile_command("scheduler")

    with running(command, env, tmp_path / "first.log") as first:
        first.wait_for(r"Starting scheduler", timeout=30)
        with running(command, env, tmp_path / "second.log") as second:
            second.wait_for(r"Standing by: the scheduler lease is held by", timeout=30)
            time.sleep(3)  # longer than a lease: the holder keeps renewing it
            assert "Starting scheduler" not in second.output()

            kill(first)
            died = time.monotonic()
            second.wait_for(r"Starting scheduler", timeout=15)
            takeover = time.monotonic() - died
            assert second.stop(timeout=15) == 0, second.output()

    assert takeover < 2 + 2 / 3 + 3  # a lease, a poll, and the process's own pace
    assert "Acquired the scheduler lease" in second.output()
