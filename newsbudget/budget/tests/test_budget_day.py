"""A day's budget: every desk with its stories, their status, bylines and length, for staff."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from newsbudget.accounts.models import User
from newsbudget.desks.models import Desk
from newsbudget.stories.models import Status, Story
from tests.factories import StoryFactory, UserFactory

DAY = datetime.date(2026, 11, 23)
URL = "/newsroom/budget/2026-11-23/"


@pytest.fixture
def plan(desk: Desk, other_desk: Desk, reporter: User) -> list[Story]:
    return [
        StoryFactory(
            desk=desk,
            budget_date=DAY,
            status=Status.EDITED,
            headline="Council approves budget",
            bylines=[reporter],
            word_count=700,
            publish_at=timezone.make_aware(datetime.datetime(2026, 11, 23, 18, 30)),
        ),
        StoryFactory(
            desk=desk,
            budget_date=DAY,
            status=Status.IDEA,
            headline="Bridge repairs",
            word_count=300,
        ),
        StoryFactory(
            desk=desk, budget_date=DAY, status=Status.SPIKED, headline="Spiked item", word_count=999
        ),
        StoryFactory(
            desk=other_desk, budget_date=DAY, status=Status.LIVE, headline="Cup final report"
        ),
        StoryFactory(desk=desk, budget_date=DAY + datetime.timedelta(days=1), headline="Tomorrow"),
    ]


def section(html: str, desk: Desk) -> str:
    match = re.search(rf'<section class="desk-plan" id="desk-{desk.slug}".*?</section>', html, re.S)
    assert match, f"no section for {desk}"
    return match.group(0)


def test_it_lives_at_the_iso_date(db: None) -> None:
    assert reverse("budget:day", kwargs={"day": DAY}) == URL


def test_it_sends_anonymous_visitors_to_the_login_page(client: Client, db: None) -> None:
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={URL}"


def test_it_forbids_a_user_without_a_newsroom_role(client: Client, db: None) -> None:
    client.force_login(UserFactory())

    assert client.get(URL).status_code == 403


@pytest.mark.usefixtures("plan")
@pytest.mark.parametrize("role", ["reporter", "editor", "other_editor", "newsroom_admin"])
def test_it_shows_every_desk_and_its_stories_to_staff(
    client: Client, request: pytest.FixtureRequest, desk: Desk, other_desk: Desk, role: str
) -> None:
    client.force_login(request.getfixturevalue(role))

    response = client.get(URL)

    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    html = response.content.decode()
    news, sports = section(html, desk), section(html, other_desk)
    assert "Council approves budget" in news
    assert "Bridge repairs" in news
    assert "Cup final report" in sports
    assert "Tomorrow" not in html


def test_it_shows_status_byline_length_and_publish_time(
    client: Client, reporter: User, desk: Desk, plan: list[Story]
) -> None:
    client.force_login(reporter)

    html = client.get(URL).content.decode()

    council = re.search(rf'<tr id="story-{plan[0].pk}">.*?</tr>', html, re.S)
    assert council
    row = council.group(0)
    assert f'href="{reverse("stories:detail", args=[plan[0].pk])}"' in row
    assert '<span class="status status-edited">Edited</span>' in row
    assert reporter.byline in row
    assert "700 words" in row
    assert "Mon 23 Nov 18:30" in row


def test_it_totals_the_planned_words_of_each_desk_leaving_out_spiked_stories(
    client: Client, reporter: User, desk: Desk, plan: list[Story]
) -> None:
    client.force_login(reporter)

    html = client.get(URL).content.decode()

    assert "3 stories · 1000 words planned" in section(html, desk)


def test_it_lists_a_desk_with_nothing_planned(client: Client, reporter: User, desk: Desk) -> None:
    client.force_login(reporter)

    html = client.get(URL).content.decode()

    assert "Nothing planned." in section(html, desk)


def test_it_links_to_the_previous_and_next_days(client: Client, reporter: User) -> None:
    client.force_login(reporter)

    html = client.get(URL).content.decode()

    assert 'rel="prev" href="/newsroom/budget/2026-11-22/"' in html
    assert 'rel="next" href="/newsroom/budget/2026-11-24/"' in html
    assert 'action="/newsroom/budget/"' in html
    assert 'name="day" value="2026-11-23"' in html


@pytest.mark.parametrize(
    "path", ["2026-13-45", "2026-02-30", "0000-01-01", "2026-1-1", "yesterday", "20261123"]
)
def test_it_is_a_404_for_a_day_that_does_not_exist(
    client: Client, reporter: User, path: str
) -> None:
    client.force_login(reporter)

    assert client.get(f"/newsroom/budget/{path}/").status_code == 404


@pytest.mark.parametrize(("path", "missing"), [("9999-12-31", "next"), ("0001-01-01", "prev")])
def test_it_shows_the_ends_of_the_calendar_without_a_link_past_them(
    client: Client, reporter: User, path: str, missing: str
) -> None:
    client.force_login(reporter)

    response = client.get(f"/newsroom/budget/{path}/")

    assert response.status_code == 200
    assert f'rel="{missing}"' not in response.content.decode()
