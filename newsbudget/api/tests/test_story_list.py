"""GET /api/v1/stories/: who sees which stories, the filters, and the pages."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from newsbudget.accounts.models import User
from newsbudget.api.tests.helpers import LIST_URL, SignIn, error_of
from newsbudget.desks.models import Desk
from newsbudget.stories.models import Status
from tests.factories import StoryFactory, TagFactory, UserFactory

EVERY_STATUS = list(Status)


def headlines(response: object) -> list[str]:
    return [story["headline"] for story in response.json()["results"]]  # type: ignore[attr-defined]


def one_of_each_status(desk: Desk) -> None:
    for status in EVERY_STATUS:
        StoryFactory(desk=desk, status=status, headline=f"A {status.value} story")


def test_it_shows_the_public_only_live_stories(api: APIClient, desk: Desk) -> None:
    one_of_each_status(desk)

    response = api.get(LIST_URL)

    assert response.status_code == 200
    assert headlines(response) == ["A live story"]


def test_it_shows_signed_in_readers_without_newsroom_access_only_live_stories(
    sign_in: SignIn, desk: Desk
) -> None:
    one_of_each_status(desk)

    response = sign_in(UserFactory()).get(LIST_URL)

    assert headlines(response) == ["A live story"]


@pytest.mark.parametrize("person", ["reporter", "editor", "other_editor", "newsroom_admin"])
def test_it_shows_newsroom_staff_every_status(
    sign_in: SignIn, desk: Desk, person: str, request: pytest.FixtureRequest
) -> None:
    one_of_each_status(desk)
    user: User = request.getfixturevalue(person)

    response = sign_in(user).get(LIST_URL)

    assert response.status_code == 200
    assert sorted(headlines(response)) == sorted(f"A {s.value} story" for s in EVERY_STATUS)


def test_it_finds_no_drafts_for_the_public_even_when_asked(api: APIClient, desk: Desk) -> None:
    one_of_each_status(desk)

    response = api.get(LIST_URL, {"status": "draft"})

    assert response.status_code == 200
    assert response.json() == {"count": 0, "next": None, "previous": None, "results": []}


def test_it_filters_by_status_for_staff(sign_in: SignIn, desk: Desk, reporter: User) -> None:
    one_of_each_status(desk)

    response = sign_in(reporter).get(LIST_URL, {"status": "draft"})

    assert headlines(response) == ["A draft story"]


def test_it_filters_by_desk(api: APIClient, desk: Desk, other_desk: Desk) -> None:
    StoryFactory(desk=desk, status=Status.LIVE, headline="Council votes")
    StoryFactory(desk=other_desk, status=Status.LIVE, headline="United win")

    response = api.get(LIST_URL, {"desk": "sports"})

    assert headlines(response) == ["United win"]


def test_it_filters_by_tag(api: APIClient, desk: Desk) -> None:
    elections = TagFactory(name="Elections", slug="elections")
    StoryFactory(desk=desk, status=Status.LIVE, headline="Polls open", tags=[elections])
    StoryFactory(desk=desk, status=Status.LIVE, headline="Bridge closes")

    response = api.get(LIST_URL, {"tag": "elections"})

    assert headlines(response) == ["Polls open"]


def test_it_filters_by_an_inclusive_budget_date_range(api: APIClient, desk: Desk) -> None:
    for day in (1, 2, 3, 4):
        StoryFactory(
            desk=desk,
            status=Status.LIVE,
            headline=f"Planned for the {day}",
            budget_date=datetime.date(2026, 3, day),
        )

    response = api.get(LIST_URL, {"budget_after": "2026-03-02", "budget_before": "2026-03-03"})

    assert sorted(headlines(response)) == ["Planned for the 2", "Planned for the 3"]


def test_it_combines_filters(api: APIClient, desk: Desk, other_desk: Desk) -> None:
    day = datetime.date(2026, 3, 2)
    StoryFactory(desk=desk, status=Status.LIVE, headline="Wanted", budget_date=day)
    StoryFactory(desk=other_desk, status=Status.LIVE, headline="Other desk", budget_date=day)
    StoryFactory(desk=desk, status=Status.LIVE, headline="Other day")

    response = api.get(LIST_URL, {"desk": "news", "budget_after": "2026-03-02",
                                  "budget_before": "2026-03-02"})  # fmt: skip

    assert headlines(response) == ["Wanted"]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"desk": "nowhere"}, "desk", "There is no desk with that slug."),
        ({"tag": "nothing"}, "tag", "There is no tag with that slug."),
        ({"status": "published"}, "status", "Choose one of idea, draft, edited, scheduled, "
                                            "live, archived, spiked."),
        ({"budget_after": "2026-02-30"}, "budget_after", "Enter a valid date."),
        ({"budget_before": "yesterday"}, "budget_before", "Enter a valid date."),
    ],
)  # fmt: skip
def test_it_refuses_filters_that_name_nothing(
    api: APIClient, desk: Desk, query: dict[str, str], field: str, message: str
) -> None:
    response = api.get(LIST_URL, query)

    assert response.status_code == 400
    assert error_of(response)["fields"] == {field: [message]}


def test_it_lists_the_newest_publication_first(api: APIClient, desk: Desk) -> None:
    now = timezone.now()
    for hours, headline in [(3, "Oldest"), (1, "Newest"), (2, "Middle")]:
        StoryFactory(
            desk=desk,
            status=Status.LIVE,
            headline=headline,
            published_at=now - datetime.timedelta(hours=hours),
        )

    assert headlines(api.get(LIST_URL)) == ["Newest", "Middle", "Oldest"]


def test_it_pages_twenty_stories_at_a_time(api: APIClient, desk: Desk) -> None:
    StoryFactory.create_batch(45, desk=desk, status=Status.LIVE)

    first = api.get(LIST_URL).json()
    last = api.get(LIST_URL, {"page": 3}).json()

    assert first["count"] == 45
    assert len(first["results"]) == 20
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/stories/?page=2"
    assert len(last["results"]) == 5
    assert last["next"] is None
    assert last["previous"] == "http://testserver/api/v1/stories/?page=2"


def test_it_keeps_the_filters_in_the_page_links(api: APIClient, desk: Desk) -> None:
    StoryFactory.create_batch(3, desk=desk, status=Status.LIVE)

    body = api.get(LIST_URL, {"desk": "news", "page_size": 1}).json()

    assert body["next"] == "http://testserver/api/v1/stories/?desk=news&page=2&page_size=1"


def test_it_lets_the_client_choose_the_page_size(api: APIClient, desk: Desk) -> None:
    StoryFactory.create_batch(7, desk=desk, status=Status.LIVE)

    body = api.get(LIST_URL, {"page_size": 5}).json()

    assert len(body["results"]) == 5
    assert body["count"] == 7


@pytest.mark.parametrize("page_size", ["101", "9" * 40])
def test_it_caps_the_page_size_at_one_hundred(api: APIClient, desk: Desk, page_size: str) -> None:
    StoryFactory.create_batch(101, desk=desk, status=Status.LIVE)

    body = api.get(LIST_URL, {"page_size": page_size}).json()

    assert len(body["results"]) == 100


@pytest.mark.parametrize("page_size", ["many", "-3", "0", "2.5"])
def test_it_falls_back_to_the_default_page_size_for_nonsense(
    api: APIClient, desk: Desk, page_size: str
) -> None:
    StoryFactory.create_batch(21, desk=desk, status=Status.LIVE)

    response = api.get(LIST_URL, {"page_size": page_size})

    assert response.status_code == 200
    assert len(response.json()["results"]) == 20


@pytest.mark.parametrize("page", ["2", "last-but-one", "0", "-1"])
def test_it_answers_404_for_a_page_that_does_not_exist(
    api: APIClient, desk: Desk, page: str
) -> None:
    StoryFactory(desk=desk, status=Status.LIVE)

    response = api.get(LIST_URL, {"page": page})

    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"
