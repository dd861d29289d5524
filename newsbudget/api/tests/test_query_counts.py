"""The list and the budget cost the same number of queries with 5 stories as with 200."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from newsbudget.accounts.models import User
from newsbudget.api.tests.helpers import LIST_URL, SignIn
from newsbudget.desks.models import Desk
from newsbudget.stories.models import Status
from tests.factories import PASSWORD, StoryFactory, TagFactory, UserFactory

DAY = datetime.date(2026, 3, 2)
BUDGET_URL = "/api/v1/budget/2026-03-02/"
Fill = Callable[[int], None]


@pytest.fixture
def fill(desk: Desk, other_desk: Desk, reporter: User) -> Fill:
    """Add stories until there are ``total``: half Live, two desks, two bylines, two tags each."""
    tags = [TagFactory(), TagFactory(), TagFactory()]
    made = 0

    def fill_to(total: int) -> None:
        nonlocal made
        for number in range(made, total):
            StoryFactory(
                desk=(desk, other_desk)[number % 2],
                status=(Status.LIVE, Status.EDITED, Status.DRAFT, Status.LIVE)[number % 4],
                bylines=[reporter, UserFactory()] if number % 3 else [UserFactory()],
                tags=tags[number % 3 : number % 3 + 2],
                budget_date=DAY,
                location_name="Pier" if number % 2 else "",
                latitude="1.00000" if number % 2 else None,
                longitude="2.00000" if number % 2 else None,
            )
        made = total

    return fill_to


def queries_for(client: APIClient | Client, url: str, expected_results: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"page_size": 100})
    assert response.status_code == 200
    body = response.json()
    shown = (
        len(body["results"])
        if "results" in body
        else sum(len(plan["stories"]) for plan in body["desks"])
    )
    assert shown == expected_results
    return len(queries)


@pytest.mark.parametrize(
    ("person", "few", "many"),
    [
        ("anonymous", 3, 100),
        ("reader", 3, 100),
        ("reporter", 5, 100),
        ("editor", 5, 100),
        ("other_editor", 5, 100),
        ("newsroom_admin", 5, 100),
    ],
)
def test_the_list_costs_the_same_for_5_stories_as_for_200(
    api: APIClient,
    sign_in: SignIn,
    fill: Fill,
    person: str,
    few: int,
    many: int,
    request: pytest.FixtureRequest,
) -> None:
    if person == "anonymous":
        client = api
    else:
        user = UserFactory() if person == "reader" else request.getfixturevalue(person)
        client = sign_in(user)

    fill(5)
    with_5 = queries_for(client, LIST_URL, few)
    fill(200)
    with_200 = queries_for(client, LIST_URL, many)

    assert with_5 == with_200


def test_the_list_costs_the_same_for_a_session_user(fill: Fill, editor: User) -> None:
    browser = Client()
    browser.login(username=editor.username, password=PASSWORD)

    fill(5)
    with_5 = queries_for(browser, LIST_URL, 5)
    fill(200)
    with_200 = queries_for(browser, LIST_URL, 100)

    assert with_5 == with_200


@pytest.mark.parametrize("person", ["reporter", "editor", "newsroom_admin"])
def test_the_budget_costs_the_same_for_5_stories_as_for_200(
    sign_in: SignIn, fill: Fill, person: str, request: pytest.FixtureRequest
) -> None:
    client = sign_in(request.getfixturevalue(person))

    fill(5)
    with_5 = queries_for(client, BUDGET_URL, 5)
    fill(200)
    with_200 = queries_for(client, BUDGET_URL, 200)

    assert with_5 == with_200


def test_the_list_stays_small(sign_in: SignIn, fill: Fill, editor: User) -> None:
    """Token, two for permissions, desks staffed, count, stories, bylines, tags."""
    fill(20)

    assert queries_for(sign_in(editor), LIST_URL, 20) == 8
