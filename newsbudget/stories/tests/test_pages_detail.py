"""The staff story page: any status, its history, and one button per move the viewer may make."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from newsbudget.accounts.models import User
from newsbudget.accounts.roles import REPORTER
from newsbudget.desks.models import Desk
from newsbudget.stories import services
from newsbudget.stories.models import Status, Story
from tests.factories import StoryFactory, UserFactory, staff_member


@pytest.fixture
def draft(desk: Desk, reporter: User) -> Story:
    return StoryFactory(
        desk=desk, status=Status.DRAFT, headline="Bridge closes for repairs", bylines=[reporter]
    )


def url(story: Story) -> str:
    return f"/newsroom/stories/{story.pk}/"


def buttons(response: Any) -> list[str]:
    return [move.name for move in response.context["moves"]]


def test_it_lives_under_the_newsroom(draft: Story) -> None:
    assert reverse("stories:detail", args=[draft.pk]) == url(draft)


def test_it_sends_anonymous_visitors_to_the_login_page(client: Client, draft: Story) -> None:
    response = client.get(url(draft))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url(draft)}"


def test_it_forbids_a_user_without_a_newsroom_role(client: Client, draft: Story) -> None:
    client.force_login(UserFactory())

    assert client.get(url(draft)).status_code == 403


def test_it_is_a_404_for_a_story_that_does_not_exist(client: Client, reporter: User) -> None:
    client.force_login(reporter)

    assert client.get("/newsroom/stories/999999/").status_code == 404


@pytest.mark.parametrize("status", list(Status))
def test_it_shows_a_story_in_any_status(
    client: Client, editor: User, desk: Desk, status: Status
) -> None:
    story = StoryFactory(desk=desk, status=status, headline="Harbour plan unveiled")
    client.force_login(editor)

    response = client.get(url(story))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Harbour plan unveiled" in html
    assert f'class="status status-{status.value}"' in html
    assert "no-cache" in response["Cache-Control"]


def test_it_shows_the_body_bylines_and_tags(client: Client, reporter: User, draft: Story) -> None:
    client.force_login(reporter)

    html = client.get(url(draft)).content.decode()

    assert "<p>The council met on Tuesday and voted.</p>" in html
    assert reporter.byline in html


def test_it_shows_the_transition_history(
    client: Client, editor: User, reporter: User, draft: Story
) -> None:
    services.transition_story(story=draft, name="file", by=reporter)
    services.transition_story(story=draft, name="return", by=editor)
    client.force_login(editor)

    response = client.get(url(draft))

    history = list(response.context["history"])
    assert [(step.name, step.by) for step in history] == [("file", reporter), ("return", editor)]
    assert "Return to reporter" not in [m.label for m in response.context["moves"]]
    html = response.content.decode()
    assert html.index("<td>file</td>") < html.index("<td>return</td>")


def test_it_offers_the_bylined_reporter_filing_but_not_publishing(
    client: Client, reporter: User, draft: Story
) -> None:
    client.force_login(reporter)

    response = client.get(url(draft))

    assert buttons(response) == ["file"]
    assert "File for editing" in response.content.decode()
    assert response.context["may_edit"] is True


def test_it_offers_another_reporter_nothing(client: Client, desk: Desk, draft: Story) -> None:
    client.force_login(staff_member(REPORTER, desk))

    response = client.get(url(draft))

    assert buttons(response) == []
    assert response.context["may_edit"] is False
    assert reverse("stories:edit", args=[draft.pk]) not in response.content.decode()


def test_it_offers_the_desk_editor_every_move_from_edited(
    client: Client, editor: User, desk: Desk
) -> None:
    story = StoryFactory(desk=desk, status=Status.EDITED)
    client.force_login(editor)

    response = client.get(url(story))

    assert buttons(response) == ["return", "schedule", "publish", "spike"]
    html = response.content.decode()
    assert 'data-transition="publish"' in html
    assert reverse("stories:edit", args=[story.pk]) in html


def test_it_offers_the_other_desks_editor_nothing(
    client: Client, other_editor: User, desk: Desk
) -> None:
    story = StoryFactory(desk=desk, status=Status.EDITED)
    client.force_login(other_editor)

    response = client.get(url(story))

    assert response.status_code == 200
    assert buttons(response) == []
    assert response.context["may_edit"] is False


def test_it_offers_the_admin_moves_on_any_desk(
    client: Client, newsroom_admin: User, other_desk: Desk
) -> None:
    story = StoryFactory(desk=other_desk, status=Status.LIVE)
    client.force_login(newsroom_admin)

    response = client.get(url(story))

    assert buttons(response) == ["unpublish", "archive"]
