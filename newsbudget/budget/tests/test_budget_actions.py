"""What each role is offered on the board: move forms and Publish buttons where they may act."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from newsbudget.accounts.models import User
from newsbudget.desks.models import Desk
from newsbudget.stories.models import Status, Story
from tests.factories import StoryFactory

DAY = datetime.date(2026, 11, 23)
URL = "/newsroom/budget/2026-11-23/"


@pytest.fixture
def ready(desk: Desk) -> Story:
    """An edited story on the News desk: ready to publish."""
    return StoryFactory(desk=desk, budget_date=DAY, status=Status.EDITED)


def publish_button(story: Story) -> str:
    return f'<button type="submit" data-story="{story.pk}">Publish</button>'


def move_form(story: Story) -> str:
    return f'action="/newsroom/budget/stories/{story.pk}/move/"'


def test_it_offers_a_reporter_neither_moves_nor_publishing(
    client: Client, reporter: User, ready: Story
) -> None:
    client.force_login(reporter)

    html = client.get(URL).content.decode()

    assert publish_button(ready) not in html
    assert move_form(ready) not in html


def test_it_offers_the_desk_editor_publish_and_move(
    client: Client, editor: User, ready: Story
) -> None:
    client.force_login(editor)

    html = client.get(URL).content.decode()

    assert publish_button(ready) in html
    assert move_form(ready) in html
    assert f'name="next" value="{URL}"' in html


def test_it_offers_the_other_desks_editor_nothing_on_this_desk(
    client: Client, other_editor: User, other_desk: Desk, ready: Story
) -> None:
    theirs = StoryFactory(desk=other_desk, budget_date=DAY, status=Status.EDITED)
    client.force_login(other_editor)

    html = client.get(URL).content.decode()

    assert publish_button(ready) not in html
    assert move_form(ready) not in html
    assert publish_button(theirs) in html


def test_it_offers_the_admin_every_desk(
    client: Client, newsroom_admin: User, other_desk: Desk, ready: Story
) -> None:
    theirs = StoryFactory(desk=other_desk, budget_date=DAY, status=Status.SCHEDULED)
    client.force_login(newsroom_admin)

    html = client.get(URL).content.decode()

    assert publish_button(ready) in html
    assert publish_button(theirs) in html


@pytest.mark.parametrize("status", [Status.IDEA, Status.DRAFT, Status.LIVE, Status.SPIKED])
def test_it_offers_publish_only_where_the_workflow_allows_it(
    client: Client, editor: User, desk: Desk, status: Status
) -> None:
    story = StoryFactory(desk=desk, budget_date=DAY, status=status)
    client.force_login(editor)

    html = client.get(URL).content.decode()

    assert publish_button(story) not in html


@pytest.mark.parametrize("status", [Status.LIVE, Status.ARCHIVED])
def test_it_offers_no_move_for_a_story_that_ran(
    client: Client, editor: User, desk: Desk, status: Status
) -> None:
    story = StoryFactory(desk=desk, budget_date=DAY, status=status)
    client.force_login(editor)

    html = client.get(URL).content.decode()

    assert move_form(story) not in html
