"""The page-view beacon: counts a view of a Live story with no database write; refuses the rest.

Every refusal is a 4xx (never a 500) and counts nothing.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from newsbudget.desks.models import Desk
from newsbudget.readership.tests.conftest import flush_all, send_beacon, views_of
from newsbudget.stories.models import Status, Story
from tests.factories import StoryFactory


def test_it_counts_each_view_of_a_live_story(client: Client, live_story: Story) -> None:
    responses = [send_beacon(client, live_story.slug) for _ in range(3)]

    assert [response.status_code for response in responses] == [204, 204, 204]
    flush_all()
    assert views_of(live_story) == 3


def test_it_runs_no_query_once_the_story_is_known(
    client: Client, live_story: Story, django_assert_num_queries: Any
) -> None:
    send_beacon(client, live_story.slug)  # the story's route is now cached

    with django_assert_num_queries(0):
        assert send_beacon(client, live_story.slug).status_code == 204


def test_its_answer_is_never_stored_by_a_cache(client: Client, live_story: Story) -> None:
    response = send_beacon(client, live_story.slug)

    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize("method", ["get", "head", "put", "patch", "delete", "options"])
def test_it_refuses_every_method_but_post(client: Client, live_story: Story, method: str) -> None:
    response = getattr(client, method)(f"/stories/{live_story.slug}/view")

    assert response.status_code == 405
    assert response["Allow"] == "POST"
    flush_all()
    assert views_of(live_story) == 0


@pytest.mark.parametrize(
    "status", [Status.IDEA, Status.DRAFT, Status.EDITED, Status.SCHEDULED, Status.SPIKED]
)
def test_it_counts_no_view_of_a_story_readers_cannot_read(
    client: Client, desk: Desk, status: Status
) -> None:
    story = StoryFactory(desk=desk, status=status)

    assert send_beacon(client, story.slug).status_code == 404
    flush_all()
    assert views_of(story) == 0


def test_an_archived_story_still_read_at_its_address_counts_its_views(
    client: Client, desk: Desk
) -> None:
    story = StoryFactory(desk=desk, status=Status.ARCHIVED)

    assert send_beacon(client, story.slug).status_code == 204
    flush_all()
    assert views_of(story) == 1


@pytest.mark.parametrize(
    "path",
    [
        "/stories/no-such-story/view",
        "/stories/%00/view",
        "/stories/caf%C3%A9/view",
        "/stories/%ff%fe/view",
        "/stories/" + "a" * 5000 + "/view",
        "/stories//view",
    ],
)
def test_it_answers_a_malformed_or_unknown_slug_with_404(
    client: Client, db: None, path: str
) -> None:
    assert client.post(path, HTTP_USER_AGENT="Mozilla/5.0").status_code == 404


@pytest.mark.parametrize(
    "user_agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
        "Mozilla/5.0 (compatible; Baiduspider/2.0)",
        "",
    ],
)
def test_it_ignores_bots(client: Client, live_story: Story, user_agent: str) -> None:
    assert send_beacon(client, live_story.slug, HTTP_USER_AGENT=user_agent).status_code == 204

    flush_all()
    assert views_of(live_story) == 0


def test_a_blocked_crawler_is_refused(client: Client, live_story: Story) -> None:
    response = send_beacon(client, live_story.slug, HTTP_USER_AGENT="Bytespider")

    assert response.status_code == 403
    flush_all()
    assert views_of(live_story) == 0


def test_it_refuses_a_beacon_sent_from_another_site(client: Client, live_story: Story) -> None:
    cross = send_beacon(client, live_story.slug, HTTP_SEC_FETCH_SITE="cross-site")
    own = send_beacon(client, live_story.slug, HTTP_SEC_FETCH_SITE="same-origin")

    assert (cross.status_code, own.status_code) == (403, 204)
    flush_all()
    assert views_of(live_story) == 1


def test_it_is_rate_limited_per_client(
    client: Client, live_story: Story, settings: Settings
) -> None:
    settings.RATE_LIMITS = {
        "page_views": {**settings.RATE_LIMITS["page_views"], "rate": "3/m"},
    }

    statuses = [send_beacon(client, live_story.slug).status_code for _ in range(5)]

    assert statuses == [204, 204, 204, 429, 429]
    flush_all()
    assert views_of(live_story) == 3


def test_a_story_page_served_from_the_cache_still_sends_its_beacon(
    client: Client, live_story: Story
) -> None:
    client.get(live_story.get_absolute_url())
    cached = client.get(live_story.get_absolute_url())

    assert cached["X-App-Cache"] == "hit"
    page = cached.content.decode()
    assert 'src="/static/js/page-view.js"' in page
    assert f'data-page-view-url="/stories/{live_story.slug}/view"' in page
    assert send_beacon(client, live_story.slug).status_code == 204
    flush_all()
    assert views_of(live_story) == 1
