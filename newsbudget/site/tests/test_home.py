"""The home page: the latest Live stories from every desk, newest first, a page at a time."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from newsbudget.desks.models import Desk
from newsbudget.site.tests.helpers import Publish
from tests.factories import TagFactory, UserFactory

HOME = "/"


def test_it_is_the_sites_root_url() -> None:
    assert reverse("site:home") == HOME


def test_it_lists_live_stories_from_every_desk_newest_first(
    client: Client, desk: Desk, other_desk: Desk, publish: Publish
) -> None:
    publish(desk, headline="Older council story", hours_ago=5)
    publish(other_desk, headline="Newest match report", hours_ago=1)
    publish(desk, headline="Middle budget story", hours_ago=3)

    response = client.get(HOME)

    assert response.status_code == 200
    html = response.content.decode()
    positions = [
        html.index(headline)
        for headline in ("Newest match report", "Middle budget story", "Older council story")
    ]
    assert positions == sorted(positions)


def test_it_shows_each_storys_headline_link_summary_desk_byline_and_time(
    client: Client, desk: Desk, publish: Publish
) -> None:
    reporter = UserFactory(first_name="Ada", last_name="Reyes")
    story = publish(
        desk,
        headline="Bridge reopens after repairs",
        summary="Traffic returns to the river crossing.",
        bylines=[reporter],
        tags=[TagFactory(name="Transport")],
        location_name="Riverside",
    )

    response = client.get(HOME)

    assert response.status_code == 200
    assert response.context["page"].object_list[0] == story
    html = response.content.decode()
    assert f'<a href="/stories/{story.slug}/">Bridge reopens after repairs</a>' in html
    assert "Traffic returns to the river crossing." in html
    assert '<a href="/desks/news/">News</a>' in html
    assert "By Ada Reyes" in html
    assert f'datetime="{story.published_at.isoformat()}"' in html
    assert "Riverside" in html


def test_it_says_so_when_nothing_is_published(client: Client, db: None) -> None:
    response = client.get(HOME)

    assert response.status_code == 200
    assert "No stories have been published here yet." in response.content.decode()


def test_it_shows_page_size_stories_a_page_with_links_between_pages(
    client: Client, desk: Desk, publish: Publish, settings: Settings
) -> None:
    settings.PAGE_SIZE = 2
    for hour in range(1, 6):
        publish(desk, headline=f"Story from {hour} hours ago", hours_ago=hour)

    first = client.get(HOME)
    last = client.get(HOME, {"page": 3})

    assert [s.headline for s in first.context["page"]] == [
        "Story from 1 hours ago",
        "Story from 2 hours ago",
    ]
    assert "Page 1 of 3" in first.content.decode()
    assert 'href="?page=2"' in first.content.decode()
    assert [s.headline for s in last.context["page"]] == ["Story from 5 hours ago"]
    assert 'rel="prev" href="?page=2"' in last.content.decode()
    assert 'rel="next"' not in last.content.decode()


@pytest.mark.parametrize("page", ["abc", "", "1.5", "1e3", "%00", "9" * 5000])
def test_it_shows_the_first_page_when_the_page_is_not_a_number(
    client: Client, desk: Desk, publish: Publish, settings: Settings, page: str
) -> None:
    settings.PAGE_SIZE = 1
    publish(desk, headline="Newest", hours_ago=1)
    publish(desk, headline="Oldest", hours_ago=2)

    response = client.get(HOME, {"page": page})

    assert response.status_code == 200
    assert response.context["page"].number == 1
    assert "Newest" in response.content.decode()


@pytest.mark.parametrize("page", ["3", "0", "-1", "99999999999999999999999"])
def test_it_is_not_found_past_the_last_page(
    client: Client, desk: Desk, publish: Publish, settings: Settings, page: str
) -> None:
    settings.PAGE_SIZE = 1
    publish(desk, hours_ago=1)
    publish(desk, hours_ago=2)

    response = client.get(HOME, {"page": page})

    assert response.status_code == 404
    assert "We can't find that page" in response.content.decode()


def test_it_offers_anonymous_readers_a_staff_login_and_no_budget(
    client: Client, desk: Desk, publish: Publish
) -> None:
    publish(desk, headline="Library extends opening hours")

    html = client.get(HOME).content.decode()

    assert "Staff login" in html
    assert reverse("budget:today") not in html
    assert '<a href="/desks/news/">News</a>' in html


@pytest.mark.parametrize("role", ["reporter", "editor"])
def test_it_shows_staff_the_same_stories_and_a_budget_link(
    client: Client, desk: Desk, publish: Publish, request: pytest.FixtureRequest, role: str
) -> None:
    publish(desk, headline="Library extends opening hours")
    client.force_login(request.getfixturevalue(role))

    response = client.get(HOME)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Library extends opening hours" in html
    assert f'<a href="{reverse("budget:today")}">Budget</a>' in html
    assert "Staff login" not in html
