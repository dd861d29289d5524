"""A change shows in the anonymous API on the next request; what it did not touch stays cached."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from rest_framework.test import APIClient

from newsbudget.accounts.models import User
from newsbudget.api.tests.helpers import LIST_URL, story_url
from newsbudget.desks.models import Desk
from newsbudget.stories import services
from newsbudget.stories.models import Status, Story
from tests.factories import StoryFactory

CommitCallbacks = Callable[..., AbstractContextManager[Any]]
DESKS_URL = "/api/v1/desks/"


@pytest.fixture
def committed(django_capture_on_commit_callbacks: CommitCallbacks) -> CommitCallbacks:
    """Run a write's on-commit work (version bumps) as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def news_story(desk: Desk) -> Story:
    return StoryFactory(desk=desk, status=Status.LIVE, headline="Harbour bridge reopens")


@pytest.fixture
def sports_story(other_desk: Desk) -> Story:
    return StoryFactory(desk=other_desk, status=Status.LIVE, headline="City FC win the cup")


def warm(api: APIClient, *urls: str) -> None:
    for url in urls:
        api.get(url)
        assert api.get(url)["X-App-Cache"] == "hit", url


def headlines(api: APIClient) -> list[str]:
    return [story["headline"] for story in api.get(LIST_URL).json()["results"]]


def test_an_edit_shows_in_the_list_and_the_story_at_once(
    api: APIClient, news_story: Story, sports_story: Story, editor: User, committed: Any
) -> None:
    warm(api, LIST_URL, story_url(news_story), story_url(sports_story), DESKS_URL)

    with committed():
        services.update_story(story=news_story, by=editor, headline="Harbour bridge shut again")

    detail = api.get(story_url(news_story))
    assert detail["X-App-Cache"] == "miss"
    assert detail.json()["headline"] == "Harbour bridge shut again"
    assert "Harbour bridge shut again" in headlines(api)
    assert api.get(story_url(sports_story))["X-App-Cache"] == "hit"
    assert api.get(DESKS_URL)["X-App-Cache"] == "hit"


def test_an_edit_gets_a_new_etag_so_revalidation_fetches_it(
    api: APIClient, news_story: Story, editor: User, committed: Any
) -> None:
    etag = api.get(story_url(news_story))["ETag"]

    with committed():
        services.update_story(story=news_story, by=editor, summary="Closed for a week.")

    response = api.get(story_url(news_story), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response.json()["summary"] == "Closed for a week."


def test_editing_a_draft_refreshes_nothing(
    api: APIClient, news_story: Story, desk: Desk, editor: User, committed: Any
) -> None:
    draft = StoryFactory(desk=desk, status=Status.DRAFT)
    warm(api, LIST_URL, story_url(news_story))

    with committed():
        services.update_story(story=draft, by=editor, headline="Secret scoop")

    assert api.get(LIST_URL)["X-App-Cache"] == "hit"
    assert api.get(story_url(news_story))["X-App-Cache"] == "hit"


def test_publishing_adds_the_story_to_the_list_at_once(
    api: APIClient, news_story: Story, sports_story: Story, desk: Desk, editor: User,
    committed: Any,
) -> None:  # fmt: skip
    ready = StoryFactory(desk=desk, status=Status.EDITED, headline="Tram strike called off")
    assert api.get(story_url(ready)).status_code == 404
    warm(api, LIST_URL, story_url(sports_story))

    with committed():
        services.transition_story(story=ready, name="publish", by=editor)

    assert "Tram strike called off" in headlines(api)
    assert api.get(story_url(ready)).json()["headline"] == "Tram strike called off"
    assert api.get(story_url(sports_story))["X-App-Cache"] == "hit"


def test_unpublishing_takes_the_story_down_at_once(
    api: APIClient, news_story: Story, sports_story: Story, editor: User, committed: Any
) -> None:
    warm(api, LIST_URL, story_url(news_story), story_url(sports_story))

    with committed():
        services.transition_story(story=news_story, name="unpublish", by=editor)

    assert headlines(api) == ["City FC win the cup"]
    gone = api.get(story_url(news_story))
    assert gone.status_code == 404
    assert "no-store" in gone["Cache-Control"]
    assert api.get(story_url(news_story)).status_code == 404
    assert api.get(story_url(sports_story))["X-App-Cache"] == "hit"


def test_republishing_brings_the_story_back(
    api: APIClient, news_story: Story, newsroom_admin: User, committed: Any
) -> None:
    warm(api, story_url(news_story))
    with committed():
        services.transition_story(story=news_story, name="unpublish", by=newsroom_admin)
    assert api.get(story_url(news_story)).status_code == 404

    with committed():
        story = Story.objects.get(pk=news_story.pk)
        services.transition_story(story=story, name="publish", by=newsroom_admin)

    assert api.get(story_url(news_story)).status_code == 200


def test_renaming_a_desk_refreshes_the_desks_and_every_story(
    api: APIClient, news_story: Story, sports_story: Story, other_desk: Desk, committed: Any
) -> None:
    warm(api, DESKS_URL, LIST_URL, story_url(news_story), story_url(sports_story))

    with committed():
        other_desk.name = "Sport"
        other_desk.save()

    assert [desk["name"] for desk in api.get(DESKS_URL).json()] == ["News", "Sport"]
    assert api.get(story_url(sports_story)).json()["desk"]["name"] == "Sport"
    assert api.get(story_url(news_story))["X-App-Cache"] == "miss"
    assert api.get(LIST_URL)["X-App-Cache"] == "miss"


def test_renaming_a_reporter_refreshes_their_bylines(
    api: APIClient, news_story: Story, committed: Any
) -> None:
    reporter = news_story.bylines.get()
    warm(api, story_url(news_story))

    with committed():
        reporter.first_name, reporter.last_name = "Ada", "Byline"
        reporter.save()

    assert api.get(story_url(news_story)).json()["bylines"][0]["name"] == "Ada Byline"


def test_changing_the_tags_of_a_live_story_refreshes_it(
    api: APIClient, news_story: Story, editor: User, committed: Any
) -> None:
    warm(api, story_url(news_story), LIST_URL)

    with committed():
        services.update_story(story=news_story, by=editor, tags=["Bridges"])

    assert api.get(story_url(news_story)).json()["tags"] == ["Bridges"]
    assert api.get(LIST_URL).json()["results"][0]["tags"] == ["Bridges"]
