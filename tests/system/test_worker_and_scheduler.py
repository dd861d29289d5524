"""The real `worker` and `scheduler` processes, as the Procfile starts them.

The worker test files a story through the services in a separate process,
exactly as a request would (the notification is only enqueued), and proves the
running worker picks the task up and sends the editors' email.  The scheduler
test proves crontask loads the newsroom's cron tasks and stops on SIGTERM.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.system.processes import manage, process_env, procfile_command, running

pytestmark = pytest.mark.system

HEADLINE = "Harbour bridge reopens after two years of repairs"

FILE_A_STORY = f"""
from django.contrib.auth import get_user_model
from django.utils import timezone

from newsbudget.accounts.roles import EDITOR, REPORTER, assign_role
from newsbudget.desks.models import Desk
from newsbudget.stories import services

User = get_user_model()
desk = Desk.objects.create(name="News", slug="news")
editor = User.objects.create_user("night-editor", "night-editor@newsroom.test")
reporter = User.objects.create_user("reporter", "reporter@newsroom.test")
assign_role(editor, EDITOR)
assign_role(reporter, REPORTER)
desk.staff.add(editor, reporter)
story = services.create_story(
    by=reporter, desk=desk, headline={HEADLINE!r}, budget_date=timezone.localdate(),
    body="<p>The bridge opened at dawn.</p>", word_count=450,
)
services.transition_story(story=story, name="draft", by=reporter)
services.transition_story(story=story, name="file", by=reporter)
print("filed story", story.pk)
"""


def test_the_worker_emails_editors_when_a_story_is_filed(
    tmp_path: Path, process_database_url: str
) -> None:
    env = process_env(tmp_path, process_database_url, EMAIL_URL="consolemail://")
    manage(env, "migrate", "--noinput")

    with running(procfile_command("worker"), env, tmp_path / "worker.log") as worker:
        worker.wait_for(r"Starting worker", timeout=30)
        filed = manage(env, "shell", "--no-imports", "--command", FILE_A_STORY)
        assert "filed story" in filed

        worker.wait_for(r"Emailed 1 editor\(s\) of news that story \d+ was filed", timeout=30)
        mail = worker.output()
        assert f"Subject: [News] Filed: {HEADLINE}" in mail
        assert "To: night-editor@newsroom.test" in mail
        assert worker.stop() == 0, worker.output()


def test_the_scheduler_loads_the_newsroom_cron_tasks_and_stops_on_sigterm(
    tmp_path: Path, process_database_url: str
) -> None:
    env = process_env(tmp_path, process_database_url)
    manage(env, "migrate", "--noinput")

    with running(procfile_command("scheduler"), env, tmp_path / "scheduler.log") as scheduler:
        scheduler.wait_for(r"Loaded tasks from newsbudget\.stories\.", timeout=30)
        scheduler.wait_for(r"Starting scheduler", timeout=30)
        assert scheduler.stop(timeout=15) == 0, scheduler.output()
        assert "Shutting down scheduler" in scheduler.output()


def test_the_scheduler_writes_only_json_lines_in_the_production_format(
    tmp_path: Path, process_database_url: str
) -> None:
    env = process_env(tmp_path, process_database_url, LOG_FORMAT="json")
    manage(env, "migrate", "--noinput")

    with running(procfile_command("scheduler"), env, tmp_path / "scheduler.log") as scheduler:
        scheduler.wait_for(r"Starting scheduler", timeout=30)
        assert scheduler.stop(timeout=15) == 0, scheduler.output()

    lines = [json.loads(line) for line in scheduler.output().splitlines() if line.strip()]
    events = [line["event"] for line in lines]
    assert "Loaded tasks from ops.dashboard." in events
    assert "Shutting down scheduler…" in events
    assert {line["logger"] for line in lines if line["event"].startswith("Loaded")} == {"crontask"}
