"""Old stories are archived by the retention run: exported first, off every list, still readable."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.storage import storages
from django.core.management import call_command
from django.test import Client
from pytest_django.fixtures import Settings

from newsbudget.desks.models import Desk
from newsbudget.site.tests.helpers import Publish
from newsbudget.stories.models import Status, Story, StoryTransition
from ops.retention.tasks import apply_retention

SIX_YEARS = 6 * 365 * 24


@pytest.fixture
def old_and_new(
    desk: Desk, publish: Publish, settings: Settings, filesystem_storages: object
) -> tuple[Story, Story]:
    settings.STORY_ARCHIVE_AFTER_YEARS = 5
    settings.RETENTION_BATCH_PAUSE_SECONDS = 0
    old = publish(desk, headline="The harbour opens, 2020", hours_ago=SIX_YEARS, slug="harbour")
    new = publish(desk, headline="The harbour closes for repairs", hours_ago=2)
    return old, new


def test_the_run_exports_old_live_stories_then_archives_them(
    old_and_new: tuple[Story, Story],
) -> None:
    old, new = old_and_new

    archived = apply_retention.call()["Old Live stories"]

    assert archived == 1
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.status, new.status) == (Status.ARCHIVED, Status.LIVE)
    move = StoryTransition.objects.get(story=old, to_status=Status.ARCHIVED)
    assert move.by is None  # the scheduler, not a person
    (export,) = storages["private"].listdir("archive/stories")[1]
    with storages["private"].open(f"archive/stories/{export}") as handle:
        records = [json.loads(line) for line in handle.read().decode().splitlines()]
    assert [record["slug"] for record in records] == ["harbour"]
    assert records[0]["headline"] == "The harbour opens, 2020"
    assert records[0]["desk"] == desk_slug(old)


def desk_slug(story: Story) -> str:
    return story.desk.slug


def run_retention() -> None:
    """The daily run, with its after-commit work (version bumps, purges) done as a commit would."""
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        apply_retention.call()


def test_an_archived_story_leaves_the_lists_but_stays_readable(
    old_and_new: tuple[Story, Story], client: Client
) -> None:
    assert "The harbour opens, 2020" in client.get("/").content.decode()

    run_retention()

    assert "The harbour opens, 2020" not in client.get("/").content.decode()
    assert "The harbour opens, 2020" not in client.get("/desks/news/").content.decode()
    page = client.get("/stories/harbour/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "The harbour opens, 2020" in text
    assert "From the archive" in text
    assert "page-view.js" in text  # its readers still count


def test_a_correction_to_an_archived_story_shows_at_once(
    old_and_new: tuple[Story, Story],
    client: Client,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    old, _ = old_and_new
    run_retention()
    assert "2020" in client.get("/stories/harbour/").content.decode()  # now in the page cache

    old.refresh_from_db()
    old.headline = "The harbour opened in 2019"
    with django_capture_on_commit_callbacks(execute=True):
        old.save()

    assert "The harbour opened in 2019" in client.get("/stories/harbour/").content.decode()


def test_nothing_is_archived_when_the_setting_is_zero(
    old_and_new: tuple[Story, Story], settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    settings.STORY_ARCHIVE_AFTER_YEARS = 0

    call_command("retention", "--dry-run")
    call_command("retention")

    assert "Old Live stories: 0 before" in capsys.readouterr().out
    assert not Story.objects.filter(status=Status.ARCHIVED).exists()


def test_the_dry_run_counts_what_would_be_archived(
    old_and_new: tuple[Story, Story], capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("retention", "--dry-run")

    assert "Old Live stories: 1 before" in capsys.readouterr().out
    assert not Story.objects.filter(status=Status.ARCHIVED).exists()
