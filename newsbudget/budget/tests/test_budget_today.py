"""The budget's front door shows today's plan, and its date picker jumps to any day."""

from __future__ import annotations

import datetime

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from newsbudget.accounts.models import User
from newsbudget.desks.models import Desk
from tests.factories import StoryFactory, UserFactory

URL = "/newsroom/budget/"


def test_it_lives_under_the_newsroom(db: None) -> None:
    assert reverse("budget:today") == URL


def test_it_sends_anonymous_visitors_to_the_login_page(client: Client, db: None) -> None:
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={URL}"


def test_it_forbids_a_user_without_a_newsroom_role(client: Client, db: None) -> None:
    client.force_login(UserFactory())

    assert client.get(URL).status_code == 403


def test_it_shows_todays_stories(client: Client, reporter: User, desk: Desk) -> None:
    today = timezone.localdate()
    StoryFactory(desk=desk, budget_date=today, headline="Morning lead story")
    StoryFactory(desk=desk, budget_date=today - datetime.timedelta(days=1), headline="Old news")
    client.force_login(reporter)

    response = client.get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["day"] == today
    assert "Morning lead story" in html
    assert "(today)" in html
    assert "Old news" not in html


def test_it_jumps_to_the_picked_day(client: Client, reporter: User) -> None:
    client.force_login(reporter)

    response = client.get(URL, {"day": "2026-11-23"})

    assert response.status_code == 302
    assert response["Location"] == "/newsroom/budget/2026-11-23/"


def test_it_says_so_when_the_picked_day_is_not_a_date(client: Client, reporter: User) -> None:
    client.force_login(reporter)

    response = client.get(URL, {"day": "2026-13-45"})

    assert response.status_code == 400
    assert "That is not a date" in response.content.decode()
    assert response.context["day"] == timezone.localdate()
