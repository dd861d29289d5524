"""The edit page: who may edit which story, what a save changes, and what it refuses."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from newsbudget.accounts.models import User
from newsbudget.accounts.roles import REPORTER
from newsbudget.desks.models import Desk
from newsbudget.stories.models import Status, Story
from tests.factories import StoryFactory, TagFactory, UserFactory, staff_member


def url(story: Story) -> str:
    return f"/newsroom/stories/{story.pk}/edit/"


def story_of(author: User, desk: Desk, status: Status = Status.DRAFT) -> Story:
    return StoryFactory(
        desk=desk,
        status=status,
        headline="Old headline",
        bylines=[author],
        tags=[TagFactory(name="Council", slug="council")],
        budget_date=datetime.date(2026, 11, 23),
    )


def edited(story: Story, **overrides: Any) -> dict[str, Any]:
    """The form as the browser would send it back, with ``overrides`` typed in."""
    data: dict[str, Any] = {
        "headline": story.headline,
        "desk": story.desk_id,
        "bylines": [person.pk for person in story.bylines.all()],
        "tags": ", ".join(tag.name for tag in story.tags.all()),
        "budget_date": story.budget_date.isoformat(),
        "publish_at": "",
        "word_count": str(story.word_count),
        "summary": story.summary,
        "body": story.body,
        "location_name": "",
        "latitude": "",
        "longitude": "",
    }
    data.update(overrides)
    return data


def test_it_lives_under_the_newsroom(reporter: User, desk: Desk) -> None:
    story = story_of(reporter, desk)

    assert reverse("stories:edit", args=[story.pk]) == url(story)


def test_it_sends_anonymous_visitors_to_the_login_page(
    client: Client, reporter: User, desk: Desk
) -> None:
    story = story_of(reporter, desk)

    response = client.post(url(story), edited(story, headline="Hijacked"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert Story.objects.get().headline == "Old headline"


def test_it_forbids_a_user_without_a_newsroom_role(
    client: Client, reporter: User, desk: Desk
) -> None:
    story = story_of(reporter, desk)
    client.force_login(UserFactory())

    assert client.get(url(story)).status_code == 403
    assert client.post(url(story), edited(story, headline="Hijacked")).status_code == 403
    assert Story.objects.get().headline == "Old headline"


def test_it_shows_the_form_filled_in(client: Client, reporter: User, desk: Desk) -> None:
    story = story_of(reporter, desk)
    client.force_login(reporter)

    response = client.get(url(story))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Old headline"' in html
    assert 'value="Council"' in html
    assert 'value="2026-11-23"' in html
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.parametrize("status", [Status.IDEA, Status.DRAFT])
def test_it_lets_a_reporter_edit_their_own_idea_or_draft(
    client: Client, reporter: User, desk: Desk, status: Status
) -> None:
    story = story_of(reporter, desk, status)
    client.force_login(reporter)

    response = client.post(
        url(story),
        edited(
            story,
            headline="New headline",
            tags="Council, Transport",
            body="<p>Updated<script>x()</script></p>",
            publish_at="2026-11-23T18:30",
            latitude="40.4168",
            longitude="-3.7038",
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("stories:detail", args=[story.pk])
    story.refresh_from_db()
    assert story.headline == "New headline"
    assert story.status == status
    assert story.body == "<p>Updated</p>"
    assert sorted(tag.name for tag in story.tags.all()) == ["Council", "Transport"]
    assert story.publish_at is not None
    assert story.publish_at.strftime("%Y-%m-%d %H:%M") == "2026-11-23 18:30"
    assert story.has_location


def test_it_forbids_a_reporter_to_edit_someone_elses_story(
    client: Client, reporter: User, desk: Desk
) -> None:
    story = story_of(staff_member(REPORTER, desk), desk)
    client.force_login(reporter)

    assert client.get(url(story)).status_code == 403
    assert client.post(url(story), edited(story, headline="Mine now")).status_code == 403
    assert Story.objects.get().headline == "Old headline"


def test_it_forbids_a_reporter_to_edit_their_story_once_scheduled(
    client: Client, reporter: User, desk: Desk
) -> None:
    story = story_of(reporter, desk, Status.SCHEDULED)
    client.force_login(reporter)

    response = client.post(url(story), edited(story, headline="Late change"))

    assert response.status_code == 403
    assert Story.objects.get().headline == "Old headline"


@pytest.mark.parametrize("status", [Status.EDITED, Status.LIVE])
def test_it_lets_the_desk_editor_edit_any_story(
    client: Client, editor: User, reporter: User, desk: Desk, status: Status
) -> None:
    story = story_of(reporter, desk, status)
    client.force_login(editor)

    response = client.post(url(story), edited(story, headline="Sharper headline"))

    assert response.status_code == 302
    assert Story.objects.get().headline == "Sharper headline"


def test_it_forbids_the_other_desks_editor(
    client: Client, other_editor: User, reporter: User, desk: Desk
) -> None:
    story = story_of(reporter, desk)
    client.force_login(other_editor)

    assert client.get(url(story)).status_code == 403
    assert client.post(url(story), edited(story, headline="Poached")).status_code == 403
    assert Story.objects.get().headline == "Old headline"


def test_it_lets_the_admin_move_a_story_to_another_desk(
    client: Client, newsroom_admin: User, reporter: User, desk: Desk, other_desk: Desk
) -> None:
    story = story_of(reporter, desk)
    client.force_login(newsroom_admin)

    response = client.post(url(story), edited(story, desk=other_desk.pk))

    assert response.status_code == 302
    assert Story.objects.get().desk == other_desk


def test_it_refuses_a_desk_the_editor_does_not_work(
    client: Client, editor: User, reporter: User, desk: Desk, other_desk: Desk
) -> None:
    story = story_of(reporter, desk)
    client.force_login(editor)

    response = client.post(url(story), edited(story, desk=other_desk.pk))

    assert response.status_code == 400
    assert "desk" in response.context["form"].errors
    assert Story.objects.get().desk == desk


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("headline", "h" * 201),
        ("budget_date", "2026-02-30"),
        ("word_count", "1000000"),
        ("latitude", "-90.1"),
        ("publish_at", "2026-11-23T25:00"),
    ],
)
def test_it_rejects_invalid_input_and_changes_nothing(
    client: Client, reporter: User, desk: Desk, field: str, value: str
) -> None:
    story = story_of(reporter, desk)
    before = Story.objects.values().get()
    client.force_login(reporter)

    response = client.post(url(story), edited(story, **{"summary": "Changed", field: value}))

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert "nothing was saved" in response.content.decode()
    assert Story.objects.values().get() == before


def test_it_shows_what_the_service_refuses_beside_the_field(
    client: Client, reporter: User, desk: Desk
) -> None:
    story = story_of(reporter, desk)
    client.force_login(reporter)

    response = client.post(url(story), edited(story, headline="Changed", bylines=[]))

    assert response.status_code == 400
    assert response.context["form"].errors["bylines"] == ["A story needs at least one byline."]
    assert "A story needs at least one byline." in response.content.decode()
    assert Story.objects.get().headline == "Old headline"


def test_it_keeps_a_departed_colleagues_byline_on_offer_but_asks_to_remove_it(
    client: Client, editor: User, reporter: User, desk: Desk
) -> None:
    departed = staff_member(REPORTER, desk, is_active=False)
    story = StoryFactory(desk=desk, status=Status.DRAFT, bylines=[reporter, departed])
    client.force_login(editor)

    form_page = client.get(url(story))
    response = client.post(url(story), edited(story, headline="Changed"))

    assert departed in form_page.context["form"].fields["bylines"].queryset
    assert response.status_code == 400
    assert "Inactive staff cannot take a byline" in response.content.decode()
    assert set(Story.objects.get().bylines.all()) == {reporter, departed}
