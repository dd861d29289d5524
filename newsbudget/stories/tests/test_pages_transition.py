"""The workflow buttons: each POST makes one move, or refuses with the right status, unchanged."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from newsbudget.accounts.models import User
from newsbudget.desks.models import Desk
from newsbudget.stories.models import Status, Story, StoryTransition
from tests.factories import StoryFactory, UserFactory


def url(story: Story) -> str:
    return f"/newsroom/stories/{story.pk}/transition/"


def status_of(story: Story) -> str:
    return Story.objects.values_list("status", flat=True).get(pk=story.pk)


@pytest.fixture
def draft(desk: Desk, reporter: User) -> Story:
    return StoryFactory(desk=desk, status=Status.DRAFT, bylines=[reporter])


@pytest.fixture
def edited(desk: Desk, reporter: User) -> Story:
    return StoryFactory(desk=desk, status=Status.EDITED, bylines=[reporter])


def test_it_lives_under_the_newsroom(draft: Story) -> None:
    assert reverse("stories:transition", args=[draft.pk]) == url(draft)


def test_it_sends_anonymous_visitors_to_the_login_page(client: Client, edited: Story) -> None:
    response = client.post(url(edited), {"transition": "publish"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert status_of(edited) == Status.EDITED


def test_it_forbids_a_user_without_a_newsroom_role(client: Client, edited: Story) -> None:
    client.force_login(UserFactory())

    response = client.post(url(edited), {"transition": "publish"})

    assert response.status_code == 403
    assert status_of(edited) == Status.EDITED


def test_it_rejects_get(client: Client, editor: User, edited: Story) -> None:
    client.force_login(editor)

    assert client.get(url(edited), {"transition": "publish"}).status_code == 405
    assert status_of(edited) == Status.EDITED


def test_it_is_a_404_for_a_story_that_does_not_exist(client: Client, editor: User) -> None:
    client.force_login(editor)

    response = client.post("/newsroom/stories/999999/transition/", {"transition": "publish"})

    assert response.status_code == 404


def test_it_lets_the_reporter_file_their_draft(
    client: Client, reporter: User, draft: Story
) -> None:
    client.force_login(reporter)

    response = client.post(url(draft), {"transition": "file"}, follow=True)

    assert response.redirect_chain == [(reverse("stories:detail", args=[draft.pk]), 302)]
    assert "is now edited" in response.content.decode()
    assert status_of(draft) == Status.EDITED
    step = StoryTransition.objects.get(story=draft)
    assert (step.from_status, step.to_status, step.by) == (Status.DRAFT, Status.EDITED, reporter)


def test_it_forbids_the_reporter_to_publish(client: Client, reporter: User, edited: Story) -> None:
    client.force_login(reporter)

    response = client.post(url(edited), {"transition": "publish"})

    assert response.status_code == 403
    assert "cannot publish now this story" in response.content.decode()
    assert status_of(edited) == Status.EDITED
    assert not StoryTransition.objects.exists()


def test_it_lets_the_editor_schedule_a_story_with_a_publish_time(
    client: Client, editor: User, desk: Desk
) -> None:
    story = StoryFactory(
        desk=desk, status=Status.EDITED, publish_at=timezone.now() + datetime.timedelta(hours=2)
    )
    client.force_login(editor)

    response = client.post(url(story), {"transition": "schedule"})

    assert response.status_code == 302
    assert status_of(story) == Status.SCHEDULED


def test_it_refuses_to_schedule_without_a_publish_time(
    client: Client, editor: User, edited: Story
) -> None:
    client.force_login(editor)

    response = client.post(url(edited), {"transition": "schedule"})

    assert response.status_code == 400
    assert "Set a publish time before scheduling." in response.content.decode()
    assert status_of(edited) == Status.EDITED
    assert not StoryTransition.objects.exists()


def test_it_refuses_to_publish_an_empty_story(client: Client, editor: User, desk: Desk) -> None:
    story = StoryFactory(desk=desk, status=Status.EDITED, body="")
    client.force_login(editor)

    response = client.post(url(story), {"transition": "publish"})

    assert response.status_code == 400
    assert "Write the story before you publish now." in response.content.decode()
    assert status_of(story) == Status.EDITED


def test_it_lets_the_editor_publish(client: Client, editor: User, edited: Story) -> None:
    client.force_login(editor)

    response = client.post(url(edited), {"transition": "publish"})

    assert response.status_code == 302
    story = Story.objects.get(pk=edited.pk)
    assert story.status == Status.LIVE
    assert story.published_at is not None


@pytest.mark.parametrize("status", [Status.IDEA, Status.DRAFT, Status.EDITED, Status.SCHEDULED])
def test_it_lets_the_editor_spike(client: Client, editor: User, desk: Desk, status: Status) -> None:
    story = StoryFactory(desk=desk, status=status, publish_at=timezone.now())
    client.force_login(editor)

    response = client.post(url(story), {"transition": "spike"})

    assert response.status_code == 302
    assert status_of(story) == Status.SPIKED


def test_it_refuses_an_illegal_move_with_a_conflict(
    client: Client, editor: User, desk: Desk
) -> None:
    idea = StoryFactory(desk=desk, status=Status.IDEA)
    before = StoryTransition.objects.count()
    client.force_login(editor)

    response = client.post(url(idea), {"transition": "publish"})

    assert response.status_code == 409
    assert "Cannot publish now a story that is idea." in response.content.decode()
    assert status_of(idea) == Status.IDEA
    assert StoryTransition.objects.count() == before


@pytest.mark.parametrize("name", ["teleport", "", "PUBLISH"])
def test_it_rejects_an_unknown_move(client: Client, editor: User, edited: Story, name: str) -> None:
    client.force_login(editor)

    response = client.post(url(edited), {"transition": name})

    assert response.status_code == 400
    assert "Unknown transition" in response.content.decode()
    assert status_of(edited) == Status.EDITED


def test_it_forbids_the_other_desks_editor(
    client: Client, other_editor: User, edited: Story
) -> None:
    client.force_login(other_editor)

    response = client.post(url(edited), {"transition": "publish"})

    assert response.status_code == 403
    assert status_of(edited) == Status.EDITED


def test_it_lets_the_admin_act_on_any_desk(
    client: Client, newsroom_admin: User, other_desk: Desk
) -> None:
    story = StoryFactory(desk=other_desk, status=Status.LIVE)
    client.force_login(newsroom_admin)

    response = client.post(url(story), {"transition": "archive"})

    assert response.status_code == 302
    assert status_of(story) == Status.ARCHIVED
