"""Moving a story to another budget day: its desk's editors (and admins) only, not once it ran."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from newsbudget.accounts.models import User
from newsbudget.desks.models import Desk
from newsbudget.stories.models import Status, Story
from tests.factories import StoryFactory, UserFactory

DAY = datetime.date(2026, 11, 23)
NEXT_DAY = datetime.date(2026, 11, 24)


@pytest.fixture
def story(desk: Desk, reporter: User) -> Story:
    return StoryFactory(
        desk=desk,
        budget_date=DAY,
        status=Status.EDITED,
        headline="Harbour plan",
        bylines=[reporter],
    )


def url(story: Story) -> str:
    return f"/newsroom/budget/stories/{story.pk}/move/"


def day_of(story: Story) -> datetime.date:
    return Story.objects.values_list("budget_date", flat=True).get(pk=story.pk)


def test_it_lives_under_the_budget(story: Story) -> None:
    assert reverse("budget:move", args=[story.pk]) == url(story)


def test_it_sends_anonymous_visitors_to_the_login_page(client: Client, story: Story) -> None:
    response = client.post(url(story), {"budget_date": "2026-11-24"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert day_of(story) == DAY


def test_it_forbids_a_user_without_a_newsroom_role(client: Client, story: Story) -> None:
    client.force_login(UserFactory())

    assert client.post(url(story), {"budget_date": "2026-11-24"}).status_code == 403
    assert day_of(story) == DAY


def test_it_rejects_get(client: Client, editor: User, story: Story) -> None:
    client.force_login(editor)

    assert client.get(url(story), {"budget_date": "2026-11-24"}).status_code == 405


def test_it_lets_the_desk_editor_move_a_story_and_goes_back_to_its_old_day(
    client: Client, editor: User, story: Story
) -> None:
    client.force_login(editor)

    response = client.post(url(story), {"budget_date": "2026-11-24"}, follow=True)

    assert response.redirect_chain == [("/newsroom/budget/2026-11-23/", 302)]
    assert "Moved “Harbour plan” to Tue 24 Nov 2026." in response.content.decode()
    assert "Harbour plan</a>" not in response.content.decode()
    assert day_of(story) == NEXT_DAY


def test_it_lets_the_admin_move_a_story_of_any_desk(
    client: Client, newsroom_admin: User, other_desk: Desk
) -> None:
    story = StoryFactory(desk=other_desk, budget_date=DAY)
    client.force_login(newsroom_admin)

    response = client.post(url(story), {"budget_date": "2026-11-24"})

    assert response.status_code == 302
    assert day_of(story) == NEXT_DAY


def test_it_forbids_a_reporter(client: Client, reporter: User, story: Story) -> None:
    client.force_login(reporter)

    response = client.post(url(story), {"budget_date": "2026-11-24"})

    assert response.status_code == 403
    assert day_of(story) == DAY


def test_it_forbids_the_other_desks_editor(
    client: Client, other_editor: User, story: Story
) -> None:
    client.force_login(other_editor)

    response = client.post(url(story), {"budget_date": "2026-11-24"})

    assert response.status_code == 403
    assert day_of(story) == DAY


@pytest.mark.parametrize("value", ["", "2026-13-45", "next week"])
def test_it_rejects_a_day_that_is_not_a_date(
    client: Client, editor: User, story: Story, value: str
) -> None:
    client.force_login(editor)

    response = client.post(url(story), {"budget_date": value})

    assert response.status_code == 400
    assert "Not moved" in response.content.decode()
    assert response.context["day"] == DAY
    assert day_of(story) == DAY


def test_it_keeps_a_story_that_ran_on_the_day_it_ran(
    client: Client, editor: User, desk: Desk
) -> None:
    story = StoryFactory(desk=desk, budget_date=DAY, status=Status.LIVE)
    client.force_login(editor)

    response = client.post(url(story), {"budget_date": "2026-11-24"})

    assert response.status_code == 400
    assert "A story that has run stays on the day it ran." in response.content.decode()
    assert day_of(story) == DAY


def test_it_is_a_404_for_a_story_that_does_not_exist(client: Client, editor: User) -> None:
    client.force_login(editor)

    response = client.post("/newsroom/budget/stories/999999/move/", {"budget_date": "2026-11-24"})

    assert response.status_code == 404
