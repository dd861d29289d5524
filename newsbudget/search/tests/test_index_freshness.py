"""The index follows every change to a story's words, after the change commits."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from newsbudget.accounts.models import User
from newsbudget.desks.models import Desk
from newsbudget.search.models import StoryDocument
from newsbudget.search.tests.conftest import MakeStory
from newsbudget.stories import services
from newsbudget.stories.models import Story
from tests.factories import TagFactory

Committed = Callable[..., Any]


def found(client: Client, words: str) -> list[int]:
    return [hit["id"] for hit in client.get("/api/v1/search/", {"q": words}).json()["results"]]


def test_an_edit_is_searchable_at_once(
    client: Client,
    desk: Desk,
    editor: User,
    story: MakeStory,
    django_capture_on_commit_callbacks: Committed,
) -> None:
    tale = story(desk, headline="Quiet harbour", bylines=[editor])

    with django_capture_on_commit_callbacks(execute=True):
        services.update_story(story=tale, by=editor, body="<p>A narwhal was seen.</p>")

    assert found(client, "narwhal") == [tale.pk]
    assert found(client, "harbour") == [tale.pk]


def test_changed_words_are_forgotten(
    client: Client,
    desk: Desk,
    editor: User,
    story: MakeStory,
    django_capture_on_commit_callbacks: Committed,
) -> None:
    tale = story(desk, headline="Walrus spotted", bylines=[editor])

    with django_capture_on_commit_callbacks(execute=True):
        services.update_story(story=tale, by=editor, headline="Seal spotted")

    assert found(client, "walrus") == []
    assert found(client, "seal") == [tale.pk]


def test_a_rolled_back_edit_leaves_the_index_alone(
    desk: Desk, editor: User, story: MakeStory, django_capture_on_commit_callbacks: Committed
) -> None:
    tale = story(desk, headline="Original words", bylines=[editor])

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.update_story(story=tale, by=editor, headline="Unsaved words")

    assert callbacks  # the index is written only by these, run at a commit
    assert StoryDocument.objects.get(pk=tale.pk).headline == "Original words"


def test_tags_added_renamed_and_removed(
    client: Client, desk: Desk, story: MakeStory, django_capture_on_commit_callbacks: Committed
) -> None:
    tale = story(desk, headline="Night bus")
    tag = TagFactory(name="Insomnia", slug="insomnia")

    with django_capture_on_commit_callbacks(execute=True):
        tale.tags.add(tag)
    assert found(client, "insomnia") == [tale.pk]

    with django_capture_on_commit_callbacks(execute=True):
        tag.name = "Sleeplessness"
        tag.save()
    assert found(client, "sleeplessness") == [tale.pk]

    with django_capture_on_commit_callbacks(execute=True):
        tag.stories.remove(tale)
    assert found(client, "sleeplessness") == []


def test_a_renamed_reporter_is_found_by_the_new_name(
    client: Client,
    desk: Desk,
    reporter: User,
    story: MakeStory,
    django_capture_on_commit_callbacks: Committed,
) -> None:
    tale = story(desk, headline="Weather", bylines=[reporter])

    with django_capture_on_commit_callbacks(execute=True):
        reporter.last_name = "Fothergill"
        reporter.save()

    assert found(client, "fothergill") == [tale.pk]


def test_a_deleted_story_leaves_the_index(
    desk: Desk, story: MakeStory, django_capture_on_commit_callbacks: Committed
) -> None:
    tale = story(desk, headline="Gone soon")

    with django_capture_on_commit_callbacks(execute=True):
        Story.objects.filter(pk=tale.pk).delete()

    assert not StoryDocument.objects.exists()


def test_a_failed_index_write_is_logged_not_raised(
    desk: Desk,
    editor: User,
    story: MakeStory,
    django_capture_on_commit_callbacks: Committed,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    tale = story(desk, headline="Fragile", bylines=[editor])

    def broken(stories: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr("newsbudget.search.services.write_documents", broken)
    with django_capture_on_commit_callbacks(execute=True):
        services.update_story(story=tale, by=editor, headline="Sturdy")

    assert Story.objects.get(pk=tale.pk).headline == "Sturdy"
    assert f"Search index not updated for stories [{tale.pk}]" in caplog.text
