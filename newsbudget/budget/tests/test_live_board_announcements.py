"""Every write a budget board shows announces itself, from the services, once it commits."""

from __future__ import annotations

import datetime
import logging
from typing import Any

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.utils import timezone

from newsbudget.accounts.models import User
from newsbudget.budget import events
from newsbudget.budget import services as budget_services
from newsbudget.desks.models import Desk
from newsbudget.stories import services
from newsbudget.stories.admin import StoryAdmin
from newsbudget.stories.models import Status, Story
from tests.factories import StoryFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 23)
NEXT_DAY = datetime.date(2026, 11, 24)


@pytest.fixture
def story(desk: Desk) -> Story:
    return StoryFactory(desk=desk, budget_date=DAY, status=Status.EDITED, body="<p>Ready.</p>")


def announced() -> list[tuple[int, list[str], str]]:
    _, replay = events.events_since(0)
    assert replay is not None
    return [(event["story"], event["days"], event["change"]) for event in replay]


def test_it_announces_a_new_story_on_its_day(
    django_capture_on_commit_callbacks: Any, editor: User, desk: Desk
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        story = services.create_story(by=editor, desk=desk, headline="Bridge", budget_date=DAY)
    assert announced() == [(story.pk, ["2026-11-23"], "created")]


def test_it_announces_a_retitle_on_both_days_of_a_replanned_story(
    django_capture_on_commit_callbacks: Any, editor: User, story: Story
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.update_story(story=story, by=editor, headline="New title", budget_date=NEXT_DAY)
    assert announced() == [(story.pk, ["2026-11-23", "2026-11-24"], "edited")]


def test_it_announces_a_move(
    django_capture_on_commit_callbacks: Any, editor: User, story: Story
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        budget_services.move_story(story=story, budget_date=NEXT_DAY, by=editor)
    assert announced() == [(story.pk, ["2026-11-23", "2026-11-24"], "moved")]


def test_it_announces_a_workflow_move(
    django_capture_on_commit_callbacks: Any, editor: User, story: Story
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.transition_story(story=story, name="publish", by=editor)
    assert announced() == [(story.pk, ["2026-11-23"], "publish")]


def test_it_announces_what_the_scheduler_publishes(
    django_capture_on_commit_callbacks: Any, desk: Desk
) -> None:
    due = StoryFactory(
        desk=desk, budget_date=DAY, status=Status.SCHEDULED, body="<p>Ready.</p>",
        publish_at=timezone.now() - datetime.timedelta(minutes=1),
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_due_stories()
    assert announced() == [(due.pk, ["2026-11-23"], "publish")]


def test_it_announces_each_story_the_admin_deletes_in_bulk(
    django_capture_on_commit_callbacks: Any, newsroom_admin: User, desk: Desk
) -> None:
    first = StoryFactory(desk=desk, budget_date=DAY)
    second = StoryFactory(desk=desk, budget_date=NEXT_DAY)
    request = RequestFactory().post("/admin/stories/story/")
    request.user = newsroom_admin
    story_admin = StoryAdmin(Story, admin.site)

    with django_capture_on_commit_callbacks(execute=True):
        story_admin.delete_queryset(request, Story.objects.filter(pk__in=[first.pk, second.pk]))

    assert not Story.objects.filter(pk__in=[first.pk, second.pk]).exists()
    assert sorted(announced()) == sorted(
        [(first.pk, ["2026-11-23"], "deleted"), (second.pk, ["2026-11-24"], "deleted")]
    )


def test_it_announces_nothing_before_the_commit(
    django_capture_on_commit_callbacks: Any, editor: User, story: Story
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        budget_services.move_story(story=story, budget_date=NEXT_DAY, by=editor)
        assert events.current_sequence() == 0
    # One announcement waits for the commit (beside other apps' callbacks, e.g. the search index).
    assert [callback.func for callback in callbacks].count(events.publish) == 1


def test_it_still_makes_the_change_when_the_announcement_fails(
    django_capture_on_commit_callbacks: Any,
    editor: User,
    story: Story,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def layer_down(event: events.Event) -> None:
        raise ConnectionError("Redis is away")

    monkeypatch.setattr(events, "send", layer_down)
    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        budget_services.move_story(story=story, budget_date=NEXT_DAY, by=editor)
    assert Story.objects.get(pk=story.pk).budget_date == NEXT_DAY
    assert "Budget board event for story" in caplog.text


def test_it_numbers_events_in_order() -> None:
    numbers = [events.next_sequence() for _ in range(3)]
    assert numbers == [1, 2, 3]
    assert events.current_sequence() == 3
