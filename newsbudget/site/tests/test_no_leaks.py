"""Only Live stories are listed: no other status reaches any public list or feed, for anyone.

Editors and reporters may read unpublished stories in the newsroom, but the
public site shows them exactly what it shows an anonymous reader.  An archived
story was public and stays readable at its own address (newsbudget.stories.archival),
but leaves every list; any other status answers 404 there too.
"""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from newsbudget.desks.models import Desk
from newsbudget.site.tests.helpers import Publish
from newsbudget.stories.models import Status, Story
from tests.factories import StoryFactory

UNPUBLISHED = [status for status in Status if status != Status.LIVE]
UNREADABLE = [status for status in UNPUBLISHED if status != Status.ARCHIVED]
VIEWERS = ["anonymous", "reporter", "editor"]


@pytest.fixture(params=VIEWERS)
def viewer(request: pytest.FixtureRequest, client: Client, desk: Desk) -> Client:
    if request.param != "anonymous":
        client.force_login(request.getfixturevalue(request.param))
    return client


@pytest.fixture(params=UNPUBLISHED, ids=str)
def unpublished(request: pytest.FixtureRequest, desk: Desk, publish: Publish) -> Story:
    """A story in a non-Live status, beside a Live one so the pages are not empty."""
    publish(desk, headline="Everyone may read this", hours_ago=3)
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    return StoryFactory(
        desk=desk,
        status=request.param,
        slug=f"secret-{request.param}",
        headline=f"Secret {request.param} headline",
        # As if it had been public or were due: dates must not be what hides it.
        published_at=an_hour_ago,
        publish_at=an_hour_ago,
    )


def assert_hidden(url: str, client: Client, story: Story) -> None:
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Everyone may read this" in html
    assert story.headline not in html
    assert story.slug not in html


def test_it_keeps_unpublished_stories_off_the_home_page(viewer: Client, unpublished: Story) -> None:
    assert_hidden("/", viewer, unpublished)


def test_it_keeps_unpublished_stories_off_the_desk_front(
    viewer: Client, unpublished: Story
) -> None:
    assert_hidden("/desks/news/", viewer, unpublished)


@pytest.mark.parametrize("feed", ["feed.rss", "feed.atom"])
def test_it_keeps_unpublished_stories_out_of_the_feeds(
    viewer: Client, unpublished: Story, feed: str
) -> None:
    assert_hidden(f"/desks/news/{feed}", viewer, unpublished)


def test_it_answers_not_found_for_an_unpublished_storys_page(
    viewer: Client, unpublished: Story
) -> None:
    response = viewer.get(f"/stories/{unpublished.slug}/")

    if unpublished.status == Status.ARCHIVED:
        assert response.status_code == 200
        assert "From the archive: this story is no longer updated." in response.content.decode()
        return
    assert unpublished.status in UNREADABLE
    assert response.status_code == 404
    html = response.content.decode()
    assert "We can't find that page" in html
    assert unpublished.headline not in html
