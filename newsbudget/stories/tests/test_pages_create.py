"""The new-story page: who may open it, what it offers, and what a POST creates (or refuses)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from newsbudget.accounts.models import User
from newsbudget.accounts.roles import REPORTER
from newsbudget.desks.models import Desk
from newsbudget.stories.models import MAX_WORD_COUNT, Status, Story
from tests.factories import UserFactory, staff_member

URL = "/newsroom/stories/new/"


def valid_post(desk: Desk, **overrides: Any) -> dict[str, Any]:
    data = {
        "headline": "Council approves new budget",
        "desk": desk.pk,
        "tags": "Council, City Hall",
        "budget_date": "2026-11-23",
        "publish_at": "",
        "word_count": "650",
        "summary": "The vote was close.",
        "body": "<p>The council voted.</p>",
        "location_name": "",
        "latitude": "",
        "longitude": "",
    }
    data.update(overrides)
    return data


def test_it_lives_under_the_newsroom() -> None:
    assert reverse("stories:create") == URL


def test_it_sends_anonymous_visitors_to_the_login_page(client: Client, db: None) -> None:
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={URL}"


def test_it_forbids_a_user_without_a_newsroom_role(client: Client, desk: Desk) -> None:
    client.force_login(UserFactory())

    assert client.get(URL).status_code == 403
    assert client.post(URL, valid_post(desk)).status_code == 403
    assert Story.objects.count() == 0


def test_it_forbids_a_reporter_who_works_no_desk(client: Client, desk: Desk) -> None:
    client.force_login(staff_member(REPORTER))

    response = client.get(URL)

    assert response.status_code == 403
    assert "not on the staff of any desk" in response.content.decode()


def test_it_is_never_cached(client: Client, reporter: User) -> None:
    client.force_login(reporter)

    response = client.get(URL)

    assert "no-cache" in response["Cache-Control"]


def test_it_offers_a_reporter_only_the_desks_they_file_for(
    client: Client, reporter: User, desk: Desk, other_desk: Desk
) -> None:
    client.force_login(reporter)

    response = client.get(URL)

    assert response.status_code == 200
    desks = list(response.context["form"].fields["desk"].queryset)
    assert desks == [desk]
    assert response.context["form"]["bylines"].value() == [reporter.pk]


def test_it_offers_an_admin_every_desk(
    client: Client, newsroom_admin: User, desk: Desk, other_desk: Desk
) -> None:
    client.force_login(newsroom_admin)

    response = client.get(URL)

    assert set(response.context["form"].fields["desk"].queryset) == {desk, other_desk}


def test_it_lets_a_reporter_create_an_idea_with_their_byline(
    client: Client, reporter: User, desk: Desk
) -> None:
    client.force_login(reporter)

    response = client.post(
        URL,
        valid_post(
            desk,
            body='<p onclick="steal()">The council voted.<script>alert(1)</script></p>',
            latitude="51.5073509",
            longitude="-0.1277583",
            location_name="City Hall",
        ),
        follow=True,
    )

    story = Story.objects.get()
    assert response.redirect_chain == [(reverse("stories:detail", args=[story.pk]), 302)]
    assert "created" in response.content.decode()
    assert story.status == Status.IDEA
    assert story.headline == "Council approves new budget"
    assert list(story.bylines.all()) == [reporter]
    assert sorted(tag.name for tag in story.tags.all()) == ["City Hall", "Council"]
    assert story.budget_date == datetime.date(2026, 11, 23)
    assert story.word_count == 650
    assert story.body == "<p>The council voted.</p>"
    assert (story.latitude, story.longitude) == (Decimal("51.50735"), Decimal("-0.12776"))
    assert story.created_by == reporter


def test_it_lets_an_editor_name_other_staff_as_bylines(
    client: Client, editor: User, reporter: User, desk: Desk
) -> None:
    client.force_login(editor)

    client.post(URL, valid_post(desk, bylines=[reporter.pk, editor.pk]))

    assert set(Story.objects.get().bylines.all()) == {reporter, editor}


def test_it_lets_an_admin_file_for_any_desk(
    client: Client, newsroom_admin: User, other_desk: Desk
) -> None:
    client.force_login(newsroom_admin)

    response = client.post(URL, valid_post(other_desk, bylines=[newsroom_admin.pk]))

    assert response.status_code == 302
    assert Story.objects.get().desk == other_desk


def test_it_lets_the_other_desks_editor_file_only_for_their_own_desk(
    client: Client, other_editor: User, desk: Desk, other_desk: Desk
) -> None:
    client.force_login(other_editor)

    refused = client.post(URL, valid_post(desk, bylines=[other_editor.pk]))
    accepted = client.post(URL, valid_post(other_desk, bylines=[other_editor.pk]))

    assert refused.status_code == 400
    assert accepted.status_code == 302
    assert [story.desk for story in Story.objects.all()] == [other_desk]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("headline", "", "This field is required."),
        ("headline", "x" * 201, "at most 200 characters"),
        ("budget_date", "2026-13-45", "Enter a valid date."),
        ("budget_date", "", "This field is required."),
        ("publish_at", "tomorrow-ish", "Enter a valid date/time."),
        ("word_count", str(MAX_WORD_COUNT + 1), f"less than or equal to {MAX_WORD_COUNT}"),
        ("word_count", "-5", "greater than or equal to 0"),
        ("latitude", "91", "less than or equal to 90"),
        ("longitude", "-180.5", "greater than or equal to -180"),
        ("latitude", "NaN", "Enter a number."),
        ("summary", "s" * 1001, "at most 1000 characters"),
        ("tags", "Council, " + "t" * 51, "Tag too long"),
        ("tags", "!!!", "Tag needs letters or digits"),
        ("bylines", ["999999"], "Select a valid choice."),
    ],
)
def test_it_rejects_invalid_input_and_writes_nothing(
    client: Client, reporter: User, desk: Desk, field: str, value: Any, message: str
) -> None:
    client.force_login(reporter)

    response = client.post(URL, valid_post(desk, **{field: value}))

    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert message.split("'")[0] in response.content.decode().replace("&#x27;", "'")
    assert Story.objects.count() == 0


def test_it_rejects_a_latitude_without_a_longitude(
    client: Client, reporter: User, desk: Desk
) -> None:
    client.force_login(reporter)

    response = client.post(URL, valid_post(desk, latitude="51.5"))

    assert response.status_code == 400
    assert "Give the longitude too" in response.content.decode()
    assert Story.objects.count() == 0


def test_it_rejects_a_desk_the_reporter_does_not_work(
    client: Client, reporter: User, other_desk: Desk
) -> None:
    client.force_login(reporter)

    response = client.post(URL, valid_post(other_desk))

    assert response.status_code == 400
    assert "Select a valid choice" in " ".join(response.context["form"].errors["desk"])
    assert Story.objects.count() == 0


def test_it_rejects_an_inactive_byline(client: Client, reporter: User, desk: Desk) -> None:
    gone = staff_member(REPORTER, desk, is_active=False)
    client.force_login(reporter)

    response = client.post(URL, valid_post(desk, bylines=[gone.pk]))

    assert response.status_code == 400
    assert Story.objects.count() == 0
