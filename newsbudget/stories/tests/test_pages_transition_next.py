"""After a workflow button, the page goes back to a safe ``next`` (the budget), else the story."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from newsbudget.accounts.models import User
from newsbudget.desks.models import Desk
from newsbudget.stories.models import Status, Story
from tests.factories import StoryFactory


@pytest.fixture
def edited(desk: Desk) -> Story:
    return StoryFactory(desk=desk, status=Status.EDITED)


def publish(client: Client, story: Story, next_url: str) -> str:
    response = client.post(
        reverse("stories:transition", args=[story.pk]),
        {"transition": "publish", "next": next_url},
    )
    assert response.status_code == 302
    return response["Location"]


def test_it_goes_back_to_the_budget(client: Client, editor: User, edited: Story) -> None:
    client.force_login(editor)

    assert publish(client, edited, "/newsroom/budget/2026-11-23/") == "/newsroom/budget/2026-11-23/"


@pytest.mark.parametrize(
    "unsafe",
    ["https://evil.example/phish", "//evil.example/", "javascript:alert(1)", "\\\\evil.example"],
)
def test_it_ignores_a_next_that_leaves_the_site(
    client: Client, editor: User, edited: Story, unsafe: str
) -> None:
    client.force_login(editor)

    assert publish(client, edited, unsafe) == reverse("stories:detail", args=[edited.pk])


def test_it_shows_the_story_when_the_move_fails_whatever_next_says(
    client: Client, editor: User, desk: Desk
) -> None:
    idea = StoryFactory(desk=desk, status=Status.IDEA)
    client.force_login(editor)

    response = client.post(
        reverse("stories:transition", args=[idea.pk]),
        {"transition": "publish", "next": "/newsroom/budget/"},
    )

    assert response.status_code == 409
    assert response.context["story"] == idea
