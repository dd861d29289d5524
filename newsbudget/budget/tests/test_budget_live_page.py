"""The budget page with the ``budget_board_live`` flag: live where it is on, as before elsewhere."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from waffle.models import Flag

from newsbudget.accounts.models import User
from newsbudget.budget import events
from newsbudget.desks.models import Desk
from newsbudget.stories.models import Status
from tests.factories import StoryFactory

URL = "/newsroom/budget/2026-11-23/"
DAY = datetime.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def _a_story(desk: Desk) -> None:
    StoryFactory(desk=desk, budget_date=DAY, status=Status.EDITED, headline="Council approves")


@pytest.fixture
def flag_for_staff(db: None) -> Flag:
    return Flag.objects.create(name=events.LIVE_FLAG, staff=True)


def page_of(user: User) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def test_it_is_the_page_as_before_without_the_flag(editor: User) -> None:
    html = page_of(editor)
    assert "Council approves" in html
    assert 'id="live-status"' not in html
    assert "data-live-url" not in html
    assert "budget-live.js" not in html


@pytest.mark.usefixtures("flag_for_staff")
def test_it_is_live_for_staff_when_the_flag_is_on(editor: User) -> None:
    events.publish(story_id=1, days=["2026-11-23"], change="edited")
    html = page_of(editor)
    assert 'id="live-status"' in html
    assert 'data-live-url="/ws/budget/"' in html  # same origin: the balancer routes /ws/
    assert 'data-seq="1"' in html  # the script asks for everything after what the page shows
    assert 'data-day="2026-11-23"' in html
    assert "js/budget-live.js" in html
    assert "Council approves" in html


@pytest.mark.usefixtures("flag_for_staff")
def test_it_stays_off_for_whom_the_flag_is_off(reporter: User) -> None:
    assert not reporter.is_staff
    assert "data-live-url" not in page_of(reporter)


@pytest.mark.usefixtures("flag_for_staff")
def test_it_connects_where_realtime_url_says(editor: User, settings: Any) -> None:
    settings.REALTIME_URL = "ws://127.0.0.1:8001/ws/budget/"
    assert 'data-live-url="ws://127.0.0.1:8001/ws/budget/"' in page_of(editor)
