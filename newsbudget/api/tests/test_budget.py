"""GET /api/v1/budget/<yyyy-mm-dd>/: the day's plan by desk, for newsroom staff only."""

from __future__ import annotations

import datetime

import pytest
from rest_framework.test import APIClient

from newsbudget.accounts.models import User
from newsbudget.api.tests.helpers import SignIn, error_of
from newsbudget.desks.models import Desk
from newsbudget.stories.models import Status
from tests.factories import DeskFactory, StoryFactory, UserFactory

DAY = datetime.date(2026, 3, 2)
URL = "/api/v1/budget/2026-03-02/"


def test_it_groups_the_days_stories_by_desk(
    sign_in: SignIn, desk: Desk, other_desk: Desk, reporter: User
) -> None:
    # Last of all desks, whatever position the factory's sequence has reached in this run.
    opinion = DeskFactory(name="Opinion", slug="opinion", position=32_767)
    StoryFactory(desk=desk, budget_date=DAY, status=Status.LIVE, headline="Bridge", word_count=500)
    StoryFactory(desk=desk, budget_date=DAY, status=Status.IDEA, headline="Zoo", word_count=300)
    StoryFactory(desk=desk, budget_date=DAY, status=Status.SPIKED, headline="Dud", word_count=900)
    StoryFactory(desk=other_desk, budget_date=DAY, status=Status.DRAFT, headline="Derby")
    StoryFactory(desk=desk, budget_date=DAY + datetime.timedelta(days=1), headline="Tomorrow")

    response = sign_in(reporter).get(URL)

    assert response.status_code == 200
    body = response.json()
    assert body["date"] == "2026-03-02"
    plans = {plan["desk"]["slug"]: plan for plan in body["desks"]}
    assert [plan["desk"]["slug"] for plan in body["desks"]][-1] == opinion.slug
    assert [story["headline"] for story in plans["news"]["stories"]] == ["Zoo", "Bridge", "Dud"]
    assert plans["news"]["planned_words"] == 800
    assert [story["headline"] for story in plans["sports"]["stories"]] == ["Derby"]
    assert plans["opinion"]["stories"] == []


def test_it_shows_each_story_with_the_moves_the_editor_may_make(
    sign_in: SignIn, desk: Desk, editor: User
) -> None:
    StoryFactory(desk=desk, budget_date=DAY, status=Status.EDITED)

    body = sign_in(editor).get(URL).json()

    story = body["desks"][0]["stories"][0]
    assert story["transitions"] == ["return", "schedule", "publish", "spike"]


def test_it_asks_anonymous_clients_to_authenticate(api: APIClient, desk: Desk) -> None:
    response = api.get(URL)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_it_is_closed_to_readers_without_newsroom_access(sign_in: SignIn, desk: Desk) -> None:
    StoryFactory(desk=desk, budget_date=DAY, status=Status.DRAFT)

    response = sign_in(UserFactory()).get(URL)

    assert response.status_code == 403
    assert error_of(response)["message"] == "Only newsroom staff may see the budget."


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("2026-02-30", "There is no day 2026-02-30; give a date as YYYY-MM-DD."),
        ("2026-13-01", "There is no day 2026-13-01; give a date as YYYY-MM-DD."),
        ("0000-01-01", "There is no day 0000-01-01; give a date as YYYY-MM-DD."),
        ("today", "There is no such API endpoint; see /api/v1/docs/."),
        ("2026-3-2", "There is no such API endpoint; see /api/v1/docs/."),
    ],
)
def test_it_answers_404_for_days_that_do_not_exist(
    sign_in: SignIn, editor: User, path: str, message: str
) -> None:
    response = sign_in(editor).get(f"/api/v1/budget/{path}/")

    assert response.status_code == 404
    assert error_of(response)["message"] == message
