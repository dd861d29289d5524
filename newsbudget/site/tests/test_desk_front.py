"""A desk front: one desk's Live stories, newest first, a page at a time, with its feeds."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from newsbudget.desks.models import Desk
from newsbudget.site.tests.helpers import Publish
from tests.factories import DeskFactory

NEWS_FRONT = "/desks/news/"


def test_it_lives_at_the_desks_slug(desk: Desk) -> None:
    assert reverse("site:desk", kwargs={"slug": "news"}) == NEWS_FRONT
    assert desk.get_absolute_url() == NEWS_FRONT


def test_it_lists_only_this_desks_live_stories_newest_first(
    client: Client, desk: Desk, other_desk: Desk, publish: Publish
) -> None:
    publish(desk, headline="Older council story", hours_ago=5)
    publish(desk, headline="Newer council story", hours_ago=1)
    publish(other_desk, headline="Match report from the other desk", hours_ago=2)

    response = client.get(NEWS_FRONT)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Newer council story") < html.index("Older council story")
    assert "Match report from the other desk" not in html


def test_it_shows_the_desk_name_description_and_feed_links(client: Client, db: None) -> None:
    DeskFactory(name="Opinion", slug="opinion", description="Columns and leaders.")

    response = client.get("/desks/opinion/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Opinion</h1>" in html
    assert "Columns and leaders." in html
    assert 'type="application/rss+xml"' in html
    assert 'href="/desks/opinion/feed.rss"' in html
    assert 'href="/desks/opinion/feed.atom"' in html
    assert "No stories have been published here yet." in html


def test_it_lists_every_desk_in_the_navigation(
    client: Client, desk: Desk, other_desk: Desk
) -> None:
    html = client.get(NEWS_FRONT).content.decode()

    assert '<a href="/desks/news/">News</a>' in html
    assert '<a href="/desks/sports/">Sports</a>' in html


def test_it_is_not_found_for_an_unknown_desk(client: Client, desk: Desk) -> None:
    response = client.get("/desks/no-such-desk/")

    assert response.status_code == 404
    assert "We can't find that page" in response.content.decode()


def test_it_shows_page_size_stories_a_page(
    client: Client, desk: Desk, publish: Publish, settings: Settings
) -> None:
    settings.PAGE_SIZE = 2
    for hour in range(1, 4):
        publish(desk, headline=f"Story from {hour} hours ago", hours_ago=hour)

    first = client.get(NEWS_FRONT)
    second = client.get(NEWS_FRONT, {"page": "2"})

    assert [s.headline for s in first.context["page"]] == [
        "Story from 1 hours ago",
        "Story from 2 hours ago",
    ]
    assert [s.headline for s in second.context["page"]] == ["Story from 3 hours ago"]
    assert "Page 2 of 2" in second.content.decode()


@pytest.mark.parametrize(("page", "status"), [("nope", 200), ("2", 404), ("-3", 404)])
def test_it_never_fails_on_a_bad_page_number(
    client: Client, desk: Desk, publish: Publish, page: str, status: int
) -> None:
    publish(desk)

    assert client.get(NEWS_FRONT, {"page": page}).status_code == status


@pytest.mark.parametrize("role", ["reporter", "editor"])
def test_it_shows_staff_the_same_stories_and_a_budget_link(
    client: Client, desk: Desk, publish: Publish, request: pytest.FixtureRequest, role: str
) -> None:
    publish(desk, headline="Council approves new bus lanes")
    client.force_login(request.getfixturevalue(role))

    response = client.get(NEWS_FRONT)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Council approves new bus lanes" in html
    assert f'<a href="{reverse("budget:today")}">Budget</a>' in html
