"""The scheduler's job publishes exactly the Scheduled stories whose time has come."""

from __future__ import annotations

import datetime

from django.utils import timezone

from newsbudget.desks.models import Desk
from newsbudget.stories import services, tasks
from newsbudget.stories.models import Status, StoryTransition
from tests.factories import StoryFactory


def test_it_publishes_exactly_the_due_stories(desk: Desk) -> None:
    now = timezone.now()
    minute = datetime.timedelta(minutes=1)
    due = StoryFactory(desk=desk, status=Status.SCHEDULED, publish_at=now - minute)
    due_now = StoryFactory(desk=desk, status=Status.SCHEDULED, publish_at=now)
    not_yet = StoryFactory(desk=desk, status=Status.SCHEDULED, publish_at=now + minute)
    edited_past = StoryFactory(desk=desk, status=Status.EDITED, publish_at=now - minute)
    spiked_past = StoryFactory(desk=desk, status=Status.SPIKED, publish_at=now - minute)

    published = services.publish_due_stories(now=now)

    assert sorted(published) == sorted([due.pk, due_now.pk])
    statuses = {
        story.pk: story.status
        for story in [due, due_now, not_yet, edited_past, spiked_past]
        if story.refresh_from_db() is None
    }
    assert statuses == {
        due.pk: Status.LIVE,
        due_now.pk: Status.LIVE,
        not_yet.pk: Status.SCHEDULED,
        edited_past.pk: Status.EDITED,
        spiked_past.pk: Status.SPIKED,
    }
    record = StoryTransition.objects.get(story=due)
    assert (record.name, record.by) == ("publish", None)


def test_running_twice_publishes_once(desk: Desk) -> None:
    story = StoryFactory(
        desk=desk, status=Status.SCHEDULED, publish_at=timezone.now() - datetime.timedelta(1)
    )
    assert services.publish_due_stories() == [story.pk]
    assert services.publish_due_stories() == []
    assert StoryTransition.objects.filter(story=story).count() == 1


def test_a_story_that_cannot_go_live_does_not_block_the_others(desk: Desk) -> None:
    past = timezone.now() - datetime.timedelta(minutes=5)
    empty = StoryFactory(desk=desk, status=Status.SCHEDULED, publish_at=past, body="")
    fine = StoryFactory(desk=desk, status=Status.SCHEDULED, publish_at=past)

    assert services.publish_due_stories() == [fine.pk]
    empty.refresh_from_db()
    assert empty.status == Status.SCHEDULED


def test_the_cron_task_runs_the_same_job(desk: Desk) -> None:
    story = StoryFactory(
        desk=desk, status=Status.SCHEDULED, publish_at=timezone.now() - datetime.timedelta(1)
    )
    assert tasks.publish_due_stories.call() == [story.pk]
