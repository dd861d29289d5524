"""Every API read runs a fixed, known number of queries with 5 stories and with 500.

Each test measures an endpoint with 5 stories, grows the newsroom to 500 (two
desks plus ten more, every status, up to three bylines and three tags each)
and measures again: both must run exactly the pinned number of queries, so a
query per story, byline, tag or desk fails here, and so does any new query at
all.  The cache is emptied before each request, so these are the costs of a
full answer, never of a cached one.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from rest_framework.test import APIClient

from newsbudget.accounts.models import User
from newsbudget.api.tests.helpers import LIST_URL, SignIn, story_url
from newsbudget.desks.models import Desk
from newsbudget.stories.models import Status, Story
from tests.bulk import bulk_desks, bulk_people, bulk_stories, bulk_tags
from tests.factories import UserFactory

FEW, MANY = 5, 500
DAY = datetime.date(2026, 3, 2)
BUDGET_URL = "/api/v1/budget/2026-03-02/"
DESKS_URL = "/api/v1/desks/"
STATUSES = (Status.LIVE, Status.EDITED, Status.DRAFT, Status.LIVE)
Fill = Callable[[int], list[Story]]

# A token client adds the token (with its user) and the user's permissions (two
# queries); an editor adds the desks they staff (asked once, for every story's
# workflow moves); reporters and admins never need it (a reporter's moves come
# from bylines, an admin acts on every desk).
LIST = {
    "anonymous": 4,
    "reader": 7,
    "reporter": 7,
    "editor": 8,
    "other_editor": 8,
    "newsroom_admin": 7,
}
"""Count, stories, bylines, tags."""
SESSION_LIST = 9
"""The editor's list signed in by session: the session and the user replace the token."""
DETAIL = {"anonymous": 4, "editor": 7}
"""The story, its bylines, its tags; anonymous: + whether it is Live (for the API's
response cache); the editor: + token, permissions, desks staffed."""
BUDGET = {"reporter": 7, "editor": 8, "newsroom_admin": 7}
"""Token, permissions (two), desks, the day's stories, bylines, tags (+ desks staffed)."""
DESKS = 1
"""The desks."""


@pytest.fixture
def fill(desk: Desk, other_desk: Desk, reporter: User) -> Fill:
    """Add stories until there are ``total``: two desks, every status, up to three bylines."""
    people, tags = [reporter, *bulk_people(2)], bulk_tags(3)
    made: list[Story] = []

    def fill_to(total: int) -> list[Story]:
        made.extend(
            bulk_stories(
                total - len(made),
                desks=[desk, other_desk],
                people=people,
                tags=tags,
                statuses=STATUSES,
                budget_date=DAY,
            )
        )
        if len(made) > FEW:
            bulk_desks(10)
        return made

    return fill_to


def client_for(person: str, sign_in: SignIn, request: pytest.FixtureRequest) -> APIClient:
    if person == "anonymous":
        return request.getfixturevalue("api")
    return sign_in(UserFactory() if person == "reader" else request.getfixturevalue(person))


def shown_in(body: Any) -> int:
    """How many stories (or desks) a response body holds."""
    if isinstance(body, list):
        return len(body)
    if "results" in body:
        return len(body["results"])
    if "desks" in body:
        return sum(len(plan["stories"]) for plan in body["desks"])
    return 1


def assert_queries(
    assert_num_queries: Any, client: APIClient | Client, url: str, expected: int, shown: int
) -> None:
    """``url`` answers with ``shown`` items in exactly ``expected`` queries."""
    cache.clear()
    with assert_num_queries(expected):
        response = client.get(url, {"page_size": 100})
    assert response.status_code == 200
    assert shown_in(response.json()) == shown


@pytest.mark.parametrize("person", list(LIST))
def test_the_list_runs_the_same_queries_for_5_stories_as_for_500(
    sign_in: SignIn,
    fill: Fill,
    person: str,
    request: pytest.FixtureRequest,
    django_assert_num_queries: Any,
) -> None:
    client = client_for(person, sign_in, request)
    public = person in ("anonymous", "reader")

    fill(FEW)
    assert_queries(django_assert_num_queries, client, LIST_URL, LIST[person], 3 if public else FEW)
    fill(MANY)
    assert_queries(django_assert_num_queries, client, LIST_URL, LIST[person], 100)


def test_the_list_runs_the_same_queries_for_a_session_user(
    fill: Fill, editor: User, django_assert_num_queries: Any
) -> None:
    browser = Client()
    browser.force_login(editor)

    fill(FEW)
    assert_queries(django_assert_num_queries, browser, LIST_URL, SESSION_LIST, FEW)
    fill(MANY)
    assert_queries(django_assert_num_queries, browser, LIST_URL, SESSION_LIST, 100)


@pytest.mark.parametrize("person", list(DETAIL))
def test_a_story_runs_the_same_queries_plain_or_rich_among_5_or_500(
    sign_in: SignIn,
    fill: Fill,
    person: str,
    request: pytest.FixtureRequest,
    django_assert_num_queries: Any,
) -> None:
    client = client_for(person, sign_in, request)
    [plain, *_] = fill(FEW)  # Live, one byline, no tag
    assert_queries(django_assert_num_queries, client, story_url(plain), DETAIL[person], 1)

    rich = fill(MANY)[FEW + 11]  # the 12th of the new ones: Live, three bylines, three tags
    assert (rich.status, rich.bylines.count(), rich.tags.count()) == (Status.LIVE, 3, 3)
    assert_queries(django_assert_num_queries, client, story_url(rich), DETAIL[person], 1)


@pytest.mark.parametrize("person", list(BUDGET))
def test_the_budget_runs_the_same_queries_for_5_stories_as_for_500(
    sign_in: SignIn,
    fill: Fill,
    person: str,
    request: pytest.FixtureRequest,
    django_assert_num_queries: Any,
) -> None:
    client = sign_in(request.getfixturevalue(person))

    fill(FEW)
    assert_queries(django_assert_num_queries, client, BUDGET_URL, BUDGET[person], FEW)
    fill(MANY)
    assert_queries(django_assert_num_queries, client, BUDGET_URL, BUDGET[person], MANY)


def test_the_desks_run_one_query_however_many_desks_and_stories(
    api: APIClient, fill: Fill, django_assert_num_queries: Any
) -> None:
    fill(FEW)
    assert_queries(django_assert_num_queries, api, DESKS_URL, DESKS, 2)
    fill(MANY)
    assert_queries(django_assert_num_queries, api, DESKS_URL, DESKS, 12)
