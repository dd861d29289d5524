"""`manage.py check_search_index` and the nightly task find and mend what the signals missed.

The after-commit signals keep the index current for every ordinary write;
bulk writes, a failed index write or rows changed outside Django leave it
behind.  The check compares every story's document with its text now, and
asks the engine whether its own index agrees with the documents.
"""

from __future__ import annotations

from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from apscheduler.triggers.cron import CronTrigger
from crontask import scheduler
from django.core.management import call_command
from django.db import connection
from django.test import Client

from newsbudget.desks.models import Desk
from newsbudget.search import services, tasks
from newsbudget.search.models import StoryDocument
from newsbudget.stories.models import Status, Story, Tag
from tests.factories import StoryFactory


def found(client: Client, words: str) -> int:
    return int(client.get("/api/v1/search/", {"q": words}).json()["count"])


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Callable[..., Any]) -> Callable[[], Any]:
    """Run what waits for the commit (the search cache's version bump), as a commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def check(*arguments: str) -> tuple[int, str]:
    """The command's exit status and what it printed."""
    output = StringIO()
    try:
        call_command("check_search_index", *arguments, stdout=output, stderr=output)
    except SystemExit as exit:
        return int(exit.code or 0), output.getvalue()
    return 0, output.getvalue()


@pytest.fixture
def indexed_story(desk: Desk) -> Story:
    story = StoryFactory(desk=desk, status=Status.LIVE, headline="Kingfisher returns to the canal")
    services.index_stories([story.pk])
    return story


def test_an_index_in_step_is_reported_so(indexed_story: Story) -> None:
    status, output = check()

    assert status == 0
    assert output.splitlines() == ["Checked 1 stories.", "The search index is in step."]


def test_bulk_writes_are_found_reported_and_repaired(
    client: Client, desk: Desk, indexed_story: Story, committed: Callable[[], Any]
) -> None:
    Story.objects.bulk_create(
        [StoryFactory.build(desk=desk, status=Status.LIVE, headline=f"Heron {n}") for n in (1, 2)]
    )
    Story.objects.filter(pk=indexed_story.pk).update(headline="Otters return to the canal")
    added = sorted(Story.objects.exclude(pk=indexed_story.pk).values_list("pk", flat=True))

    status, output = check()

    assert status == 1
    assert f"2 without a document: {added[0]}, {added[1]}" in output
    assert f"1 stale: {indexed_story.pk}" in output
    assert (found(client, "heron"), found(client, "otters"), found(client, "kingfisher")) == (
        0,
        0,
        1,
    )

    with committed():
        status, output = check("--repair")

    assert (status, output.splitlines()[-1]) == (0, "Repaired.")
    assert (found(client, "heron"), found(client, "otters"), found(client, "kingfisher")) == (
        2,
        1,
        0,
    )
    assert check() == (0, "Checked 3 stories.\nThe search index is in step.\n")


def test_a_tag_renamed_by_a_bulk_update_is_found(
    client: Client, indexed_story: Story, committed: Callable[[], Any]
) -> None:
    tag = Tag.objects.create(name="Wildlife", slug="wildlife")
    indexed_story.tags.add(tag)
    services.index_stories([indexed_story.pk])
    Tag.objects.filter(pk=tag.pk).update(name="Rivers")

    assert f"1 stale: {indexed_story.pk}" in check()[1]
    with committed():
        check("--repair")

    assert StoryDocument.objects.get(pk=indexed_story.pk).tags == "Rivers"
    assert found(client, "rivers") == 1


def break_the_engine_index(story: Story) -> None:
    """Make the engine's own index disagree with a document that is itself correct."""
    if connection.vendor == "postgresql":
        StoryDocument.objects.filter(pk=story.pk).update(vector=None)
        return
    document = StoryDocument.objects.get(pk=story.pk)
    with connection.cursor() as cursor:  # FTS5's 'delete' command: forget a row's index entries
        cursor.execute(
            "INSERT INTO search_storyfts(search_storyfts, rowid, headline, summary, body, tags, "
            "bylines) VALUES ('delete', %s, %s, %s, %s, %s, %s)",
            [story.pk, document.headline, document.summary, document.body, document.tags,
             document.bylines],
        )  # fmt: skip


def test_an_engine_index_out_of_step_is_rebuilt(
    client: Client, indexed_story: Story, committed: Callable[[], Any]
) -> None:
    break_the_engine_index(indexed_story)
    assert found(client, "kingfisher") == 0

    status, output = check()

    assert status == 1
    assert "The engine's index disagrees with the documents." in output
    with committed():
        check("--repair")
    assert found(client, "kingfisher") == 1
    assert check()[0] == 0


def test_the_nightly_task_repairs_and_says_what_it_found(
    client: Client, desk: Desk, indexed_story: Story, committed: Callable[[], Any]
) -> None:
    Story.objects.bulk_create([StoryFactory.build(desk=desk, status=Status.LIVE, headline="Vole")])

    with committed():
        result = tasks.repair_search_index.call()

    assert result == {"checked": 2, "missing": 1, "stale": 0, "engine_rebuilt": 0}
    assert found(client, "vole") == 1


def test_the_scheduler_runs_it_every_night() -> None:
    [job] = [job for job in scheduler.get_jobs() if job.name == tasks.repair_search_index.name]

    assert isinstance(job.trigger, CronTrigger)  # type: ignore[attr-defined]
    fields = {field.name: str(field) for field in job.trigger.fields}  # type: ignore[attr-defined]
    assert (fields["minute"], fields["hour"], fields["day"]) == ("15", "4", "*")
