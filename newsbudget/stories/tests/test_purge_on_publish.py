"""Publishing, editing or unpublishing a Live story enqueues a purge of exactly its public URLs."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django_tasks_db.models import DBTaskResult
from pytest_django.fixtures import Settings

from newsbudget.accounts.models import User
from newsbudget.desks.models import Desk
from newsbudget.stories import services
from newsbudget.stories.models import Status, Story
from ops.purge.config import purge_settings
from tests.factories import StoryFactory

CommitCallbacks = Callable[..., AbstractContextManager[Any]]
SITE = "https://news.example.org"


@pytest.fixture
def purging(settings: Settings) -> None:
    settings.SITE_URL = SITE
    settings.PURGE = purge_settings(backend="nginx", nginx_url="http://127.0.0.1:9")


@pytest.fixture
def committed(django_capture_on_commit_callbacks: CommitCallbacks) -> CommitCallbacks:
    return lambda: django_capture_on_commit_callbacks(execute=True)


def purged_urls() -> list[str]:
    [queued] = DBTaskResult.objects.filter(task_path="ops.purge.tasks.purge_urls")
    return queued.args_kwargs["args"][0]


def story_pages(story: Story, desk_slug: str = "news") -> list[str]:
    return sorted(
        [
            f"{SITE}/",
            f"{SITE}/stories/{story.slug}/",
            f"{SITE}/desks/{desk_slug}/",
            f"{SITE}/desks/{desk_slug}/feed.rss",
            f"{SITE}/desks/{desk_slug}/feed.atom",
            f"{SITE}/api/v1/stories/",
            f"{SITE}/api/v1/stories/{story.pk}/",
        ]
    )


def test_publishing_purges_the_story_its_desk_the_home_page_and_the_api(
    purging: None, desk: Desk, editor: User, committed: CommitCallbacks
) -> None:
    story = StoryFactory(desk=desk, status=Status.EDITED, slug="harbour-bridge")

    with committed():
        services.transition_story(story=story, name="publish", by=editor)

    assert purged_urls() == story_pages(story)


def test_moving_a_live_story_purges_its_old_and_new_addresses(
    purging: None, desk: Desk, other_desk: Desk, committed: CommitCallbacks
) -> None:
    story = StoryFactory(desk=desk, status=Status.LIVE, slug="harbour-bridge")
    story = Story.objects.get(pk=story.pk)

    with committed():  # as the Django admin saves it: a new slug and another desk
        story.slug = "harbour-bridge-shut"
        story.desk = other_desk
        story.save()

    purged = purged_urls()
    assert f"{SITE}/stories/harbour-bridge/" in purged
    assert f"{SITE}/stories/harbour-bridge-shut/" in purged
    assert {f"{SITE}/desks/news/", f"{SITE}/desks/sports/"} <= set(purged)


def test_editing_a_live_story_purges_its_pages(
    purging: None, desk: Desk, editor: User, committed: CommitCallbacks
) -> None:
    story = StoryFactory(desk=desk, status=Status.LIVE, slug="harbour-bridge")

    with committed():
        services.update_story(story=story, by=editor, headline="Harbour bridge shut again")

    assert purged_urls() == story_pages(story)


def test_unpublishing_purges_the_story(
    purging: None, desk: Desk, editor: User, committed: CommitCallbacks
) -> None:
    story = StoryFactory(desk=desk, status=Status.LIVE, slug="harbour-bridge")

    with committed():
        services.transition_story(story=story, name="unpublish", by=editor)

    assert purged_urls() == story_pages(story)


def test_editing_a_draft_purges_nothing(
    purging: None, desk: Desk, editor: User, committed: CommitCallbacks
) -> None:
    story = StoryFactory(desk=desk, status=Status.DRAFT)

    with committed():
        services.update_story(story=story, by=editor, headline="Secret scoop")

    assert not DBTaskResult.objects.exists()


def test_renaming_a_desk_purges_its_pages_and_the_lists(
    purging: None, desk: Desk, committed: CommitCallbacks
) -> None:
    with committed():
        desk.name = "Local news"
        desk.save()

    assert purged_urls() == sorted(
        [
            f"{SITE}/",
            f"{SITE}/desks/news/",
            f"{SITE}/desks/news/feed.rss",
            f"{SITE}/desks/news/feed.atom",
            f"{SITE}/api/v1/desks/",
            f"{SITE}/api/v1/stories/",
        ]
    )


def test_without_a_purge_backend_publishing_writes_no_purge_task(
    desk: Desk, editor: User, committed: CommitCallbacks
) -> None:
    story = StoryFactory(desk=desk, status=Status.EDITED)

    with committed():
        services.transition_story(story=story, name="publish", by=editor)

    assert not DBTaskResult.objects.filter(task_path="ops.purge.tasks.purge_urls").exists()
