"""Filing a story emails the desk's editors — from a background task, never in the request."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from newsbudget.accounts.models import User
from newsbudget.accounts.roles import EDITOR
from newsbudget.desks.models import Desk
from newsbudget.stories import services, tasks
from newsbudget.stories.models import Status
from tests.factories import StoryFactory, staff_member


def run_queued_tasks() -> None:
    from django.core.management import call_command

    call_command("worker", batch=True, startup_delay=False, verbosity=0)


def test_filing_enqueues_a_notice_and_sends_no_mail_in_the_request(
    desk: Desk,
    reporter: User,
    editor: User,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    story = StoryFactory(desk=desk, status=Status.DRAFT, bylines=[reporter])

    with django_capture_on_commit_callbacks(execute=True):
        services.transition_story(story=story, name="file", by=reporter)

    queued = DBTaskResult.objects.get()
    assert queued.task_path == "newsbudget.stories.tasks.notify_editors_of_filing"
    assert queued.args_kwargs == {"args": [], "kwargs": {"story_id": story.pk}}
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_the_worker_emails_each_editor_of_the_desk(
    desk: Desk, other_desk: Desk, reporter: User, editor: User, other_editor: User
) -> None:
    second_editor = staff_member(EDITOR, desk, username="night-editor")
    story = StoryFactory(desk=desk, status=Status.DRAFT, bylines=[reporter], headline="Dam leak")

    services.transition_story(story=story, name="file", by=reporter)
    run_queued_tasks()

    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [editor.email, second_editor.email]
    )
    message = mail.outbox[0]
    assert message.subject == "[News] Filed: Dam leak"
    assert f"/newsroom/stories/{story.pk}/" in message.body
    assert reporter.byline in message.body
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_no_notice_is_queued_when_the_move_fails(
    desk: Desk,
    reporter: User,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    story = StoryFactory(desk=desk, status=Status.IDEA, bylines=[reporter])
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Exception, match="Cannot"):
        services.transition_story(story=story, name="file", by=reporter)
    assert not DBTaskResult.objects.exists()


def test_the_task_tolerates_a_deleted_story(db: None) -> None:
    assert tasks.notify_editors_of_filing.call(story_id=999_999) == 0
    assert mail.outbox == []


def test_editors_without_email_are_skipped(desk: Desk, reporter: User, editor: User) -> None:
    editor.email = ""
    editor.save()
    story = StoryFactory(desk=desk, status=Status.EDITED, bylines=[reporter])
    assert tasks.notify_editors_of_filing.call(story_id=story.pk) == 0


@pytest.mark.django_db(transaction=True)
def test_a_rerun_of_the_same_task_mails_nobody_twice(
    desk: Desk, reporter: User, editor: User
) -> None:
    story = StoryFactory(desk=desk, status=Status.DRAFT, bylines=[reporter])
    services.transition_story(story=story, name="file", by=reporter)
    run_queued_tasks()
    late_editor = staff_member(EDITOR, desk, username="late-editor")
    # As if the worker had died before marking the task done: its lease expired, it runs again.
    DBTaskResult.objects.update(status="READY")

    run_queued_tasks()

    assert [message.to[0] for message in mail.outbox] == [editor.email, late_editor.email]
