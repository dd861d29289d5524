"""POST /api/v1/stories/: filing a new story, with the staff pages' permissions."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from rest_framework.test import APIClient

from newsbudget.accounts.models import User
from newsbudget.api.tests.helpers import LIST_URL, SignIn, error_of
from newsbudget.desks.models import Desk
from newsbudget.stories.models import Status, Story
from tests.factories import UserFactory


def new_story(**fields: Any) -> dict[str, Any]:
    story = {"desk": "news", "headline": "Council approves budget", "budget_date": "2026-03-02"}
    return story | fields


def test_it_files_a_story_as_an_idea_with_the_author_on_the_byline(
    sign_in: SignIn, desk: Desk, reporter: User
) -> None:
    response = sign_in(reporter).post(
        LIST_URL,
        new_story(
            summary="The vote was close.",
            body="<p>Seven to six.</p><script>alert(1)</script>",
            tags=["Council", "Budget"],
            word_count=500,
            location={"name": "City Hall", "latitude": 51.5, "longitude": -0.12},
        ),
        format="json",
    )

    assert response.status_code == 201
    body = response.json()
    assert response["Location"] == f"http://testserver/api/v1/stories/{body['id']}/"
    assert body["status"] == "idea"
    assert body["headline"] == "Council approves budget"
    assert body["slug"] == "council-approves-budget"
    assert body["body"] == "<p>Seven to six.</p>"
    assert body["desk"] == {"slug": "news", "name": "News"}
    assert body["bylines"] == [{"username": "reporter", "name": reporter.byline}]
    assert body["tags"] == ["Budget", "Council"]
    assert body["budget_date"] == "2026-03-02"
    assert body["word_count"] == 500
    assert body["location"] == {"name": "City Hall", "latitude": 51.5, "longitude": -0.12}
    assert body["url"] is None
    assert body["transitions"] == ["draft"]
    story = Story.objects.get(pk=body["id"])
    assert story.created_by == reporter
    assert story.status == Status.IDEA


def test_it_credits_the_bylines_given(
    sign_in: SignIn, desk: Desk, editor: User, reporter: User
) -> None:
    response = sign_in(editor).post(
        LIST_URL, new_story(bylines=["reporter", "editor"]), format="json"
    )

    assert response.status_code == 201
    assert sorted(b["username"] for b in response.json()["bylines"]) == ["editor", "reporter"]


def test_it_lets_an_admin_file_on_any_desk(
    sign_in: SignIn, other_desk: Desk, newsroom_admin: User
) -> None:
    response = sign_in(newsroom_admin).post(LIST_URL, new_story(desk="sports"), format="json")

    assert response.status_code == 201


def test_it_rounds_coordinates_to_five_decimal_places(
    sign_in: SignIn, desk: Desk, reporter: User
) -> None:
    location = {"name": "Pier", "latitude": "51.5073519", "longitude": -0.1277583}

    response = sign_in(reporter).post(LIST_URL, new_story(location=location), format="json")

    assert response.status_code == 201
    story = Story.objects.get(pk=response.json()["id"])
    assert (story.latitude, story.longitude) == (Decimal("51.50735"), Decimal("-0.12776"))


def test_it_asks_anonymous_clients_to_authenticate(api: APIClient, desk: Desk) -> None:
    response = api.post(LIST_URL, new_story(), format="json")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert error_of(response)["code"] == "not_authenticated"
    assert not Story.objects.exists()


@pytest.mark.parametrize("person", ["other_editor", "reader"])
def test_it_refuses_people_who_do_not_work_the_desk(
    sign_in: SignIn, desk: Desk, other_editor: User, person: str
) -> None:
    user = other_editor if person == "other_editor" else UserFactory()

    response = sign_in(user).post(LIST_URL, new_story(), format="json")

    assert response.status_code == 403
    assert error_of(response) == {
        "status": 403,
        "code": "permission_denied",
        "message": "You cannot file stories for the News desk.",
    }
    assert not Story.objects.exists()


def test_it_refuses_a_reporter_filing_for_another_desk(
    sign_in: SignIn, desk: Desk, other_desk: Desk, reporter: User
) -> None:
    response = sign_in(reporter).post(LIST_URL, new_story(desk="sports"), format="json")

    assert response.status_code == 403
    assert not Story.objects.exists()


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"desk": "nowhere"}, {"desk": ["There is no desk with that slug."]}),
        ({"desk": "news\u0000"}, {"desk": ["There is no desk with that slug."]}),
        ({"desk": 7}, {"desk": ["Give the desk's slug as a string."]}),
        ({"desk": {"slug": "news"}}, {"desk": ["Give the desk's slug as a string."]}),
        ({"headline": "   "}, {"headline": ["This field may not be blank."]}),
        ({"headline": "x" * 100_000},
         {"headline": ["Ensure this field has no more than 200 characters."]}),
        ({"summary": "x" * 1001},
         {"summary": ["Ensure this field has no more than 1000 characters."]}),
        ({"budget_date": "2026-02-30"}, {"budget_date": ["Give a real date as YYYY-MM-DD."]}),
        ({"budget_date": 20260302}, {"budget_date": ["Give a real date as YYYY-MM-DD."]}),
        ({"budget_date": None}, {"budget_date": ["This field may not be null."]}),
        ({"publish_at": "soon"}, {"publish_at": [
            "Datetime has wrong format. Use one of these formats instead: "
            "YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]."]}),
        ({"word_count": "lots"}, {"word_count": ["A valid integer is required."]}),
        ({"word_count": -1}, {"word_count": ["Ensure this value is greater than or equal to 0."]}),
        ({"word_count": 10**30},
         {"word_count": ["Ensure this value is less than or equal to 50000."]}),
        ({"bylines": "reporter"}, {"bylines": ['Expected a list of items but got type "str".']}),
        ({"bylines": ["nobody"]}, {"bylines": ["No staff member is called nobody."]}),
        ({"bylines": ["reporter"] * 11},
         {"bylines": ["Ensure this field has no more than 10 elements."]}),
        ({"tags": "Council"}, {"tags": ['Expected a list of items but got type "str".']}),
        ({"tags": [["nested"]]}, {"tags.0": ["Not a valid string."]}),
        ({"tags": ["x" * 51]},
         {"tags": ["Tag too long (50 characters at most): '" + "x" * 51 + "'"]}),
        ({"tags": ["!!!"]}, {"tags": ["Tag needs letters or digits: '!!!'"]}),
        ({"location": "Riverside"},
         {"location": ["Invalid data. Expected a dictionary, but got str."]}),
        ({"location": {"latitude": 51.5}},
         {"location": ["Give both latitude and longitude, or neither."]}),
        ({"location": {"latitude": 91, "longitude": 0}},
         {"location.latitude": ["Ensure this value is less than or equal to 90."]}),
        ({"location": {"latitude": 0, "longitude": -180.5}},
         {"location.longitude": ["Ensure this value is greater than or equal to -180."]}),
        ({"location": {"latitude": "NaN", "longitude": 0}},
         {"location.latitude": ["A valid number is required."]}),
        ({"location": {"latitude": 1e300, "longitude": 0}},
         {"location.latitude": [
             "Ensure that there are no more than 3 digits before the decimal point."]}),
        ({"location": {"latitude": 1, "longitude": 1, "altitude": 3}},
         {"location.altitude": ["This field cannot be set."]}),
        ({"status": "live"},
         {"status": ["The status changes only through POST /api/v1/stories/{id}/transitions/."]}),
        ({"headlines": "Typo"}, {"headlines": ["This field cannot be set."]}),
    ],
)  # fmt: skip
def test_it_refuses_invalid_fields_and_writes_nothing(
    sign_in: SignIn,
    desk: Desk,
    reporter: User,
    fields: dict[str, Any],
    errors: dict[str, list[str]],
) -> None:
    response = sign_in(reporter).post(LIST_URL, new_story(**fields), format="json")

    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "invalid"
    assert error["fields"] == errors
    assert not Story.objects.exists()


def test_it_names_every_missing_field(sign_in: SignIn, desk: Desk, reporter: User) -> None:
    response = sign_in(reporter).post(LIST_URL, {}, format="json")

    assert response.status_code == 400
    assert error_of(response) == {
        "status": 400,
        "code": "invalid",
        "message": "Some fields are invalid: desk, headline, budget_date.",
        "fields": {
            "desk": ["This field is required."],
            "headline": ["This field is required."],
            "budget_date": ["This field is required."],
        },
    }


def test_it_refuses_an_inactive_colleague_on_the_byline(
    sign_in: SignIn, desk: Desk, reporter: User
) -> None:
    UserFactory(username="retired", is_active=False)

    response = sign_in(reporter).post(LIST_URL, new_story(bylines=["retired"]), format="json")

    assert response.status_code == 400
    assert error_of(response)["fields"] == {
        "bylines": ["Inactive staff cannot take a byline: ['retired']"]
    }
    assert not Story.objects.exists()
