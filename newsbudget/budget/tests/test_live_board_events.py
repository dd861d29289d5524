"""What a subscribed board hears: each change once, after commit, numbered, with nothing private;
and, after a reconnection, what it missed."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from functools import partial
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from django.db import transaction

from newsbudget.accounts.models import User
from newsbudget.budget import events, services
from newsbudget.budget.consumers import SENT_FIELDS
from newsbudget.budget.tests.live import board_socket, next_message, session_cookie
from newsbudget.desks.models import Desk
from newsbudget.stories.models import Status, Story
from tests.factories import StoryFactory

# Committed data: Channels' database_sync_to_async closes the connection of an open transaction.
pytestmark = pytest.mark.django_db(transaction=True)

DAY = datetime.date(2026, 11, 23)
NEXT_DAY = datetime.date(2026, 11, 24)
EMBARGOED_HEADLINE = "Embargoed: mayor to resign on Friday"


@pytest.fixture
def story(desk: Desk) -> Story:
    return StoryFactory(
        desk=desk, budget_date=DAY, status=Status.EDITED, headline=EMBARGOED_HEADLINE,
        summary="Not before Friday.", body="<p>The mayor told staff on Monday.</p>",
    )  # fmt: skip


@pytest.fixture
def no_polling(settings: Any) -> None:
    """Only the channel layer delivers (as with Redis in production)."""
    settings.REALTIME_POLL_SECONDS = 0


def committed(capture: Any, change: Callable[[], object]) -> Callable[[], None]:
    """``change`` as a request makes it: its on-commit callbacks have run when it returns."""

    def run() -> None:
        with capture(execute=True):
            change()

    return run


@pytest.mark.usefixtures("no_polling")
def test_it_tells_a_subscribed_editor_of_a_move_with_nothing_private(
    django_capture_on_commit_callbacks: Any, editor: User, story: Story
) -> None:
    cookie = session_cookie(editor)

    async def scenario() -> dict[str, Any]:
        socket = board_socket(cookie, since=0)
        assert (await socket.connect())[0]
        move = partial(services.move_story, story=story, budget_date=NEXT_DAY, by=editor)
        await database_sync_to_async(committed(django_capture_on_commit_callbacks, move))()
        message = await next_message(socket)
        await socket.disconnect()
        return message

    message = async_to_sync(scenario)()
    assert message == {
        "type": "story.changed", "seq": 1, "story": story.pk,
        "days": ["2026-11-23", "2026-11-24"], "change": "moved",
    }  # fmt: skip
    assert set(message) == set(SENT_FIELDS)
    text = json.dumps(message)
    for private in (EMBARGOED_HEADLINE, "Friday", "mayor", editor.username):
        assert private not in text


@pytest.mark.usefixtures("no_polling")
def test_it_sends_nothing_for_a_change_that_rolled_back(
    django_capture_on_commit_callbacks: Any, editor: User, story: Story
) -> None:
    cookie = session_cookie(editor)

    def move_then_fail() -> None:
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            services.move_story(story=story, budget_date=NEXT_DAY, by=editor)
            transaction.set_rollback(True)

    async def scenario() -> int:
        socket = board_socket(cookie, since=0)
        assert (await socket.connect())[0]
        await database_sync_to_async(move_then_fail)()
        nothing = await socket.receive_nothing(timeout=1)
        await socket.disconnect()
        assert nothing
        return await database_sync_to_async(events.current_sequence)()

    assert async_to_sync(scenario)() == 0
    assert Story.objects.get(pk=story.pk).budget_date == DAY


def test_it_replays_what_a_reconnecting_board_missed(editor: User, story: Story) -> None:
    cookie = session_cookie(editor)
    events.publish(story_id=story.pk, days=["2026-11-23"], change="edited")  # seen: number 1

    async def scenario() -> list[dict[str, Any]]:
        # Offline meanwhile: two changes, numbers 2 and 3.
        await database_sync_to_async(events.publish)(
            story_id=story.pk, days=["2026-11-23"], change="publish"
        )
        await database_sync_to_async(events.publish)(
            story_id=7, days=["2026-11-30"], change="created"
        )
        socket = board_socket(cookie, since=1)
        assert (await socket.connect())[0]
        missed = [await next_message(socket), await next_message(socket)]
        assert await socket.receive_nothing(timeout=0.5)
        await socket.disconnect()
        return missed

    missed = async_to_sync(scenario)()
    assert [(m["seq"], m["story"], m["change"]) for m in missed] == [
        (2, story.pk, "publish"), (3, 7, "created"),
    ]  # fmt: skip


@pytest.mark.parametrize("since", [5, 0])
def test_it_asks_for_a_refetch_when_it_cannot_replay(
    editor: User, since: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ahead of the counter (the cache was emptied), or behind an event that expired."""
    cookie = session_cookie(editor)
    events.publish(story_id=1, days=["2026-11-23"], change="edited")
    events.publish(story_id=2, days=["2026-11-23"], change="edited")
    from django.core.cache import cache

    cache.delete(events.EVENT_KEY.format(1))

    async def scenario() -> dict[str, Any]:
        socket = board_socket(cookie, since=since)
        assert (await socket.connect())[0]
        message = await next_message(socket)
        await socket.disconnect()
        return message

    assert async_to_sync(scenario)() == {"type": "resync", "seq": 2}


def test_it_hears_of_changes_another_process_made_without_a_shared_layer(
    editor: User, story: Story, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the in-memory layer, gunicorn's events reach realtime only through the cache."""
    settings.REALTIME_POLL_SECONDS = 0.2
    cookie = session_cookie(editor)

    async def lost(event: events.Event) -> None:
        """The send of a process whose in-memory layer holds none of our sockets."""

    monkeypatch.setattr(events, "send", lost)

    async def scenario() -> dict[str, Any]:
        socket = board_socket(cookie, since=0)
        assert (await socket.connect())[0]
        await database_sync_to_async(events.publish)(
            story_id=story.pk, days=["2026-11-23"], change="retitled"
        )
        message = await next_message(socket)
        await socket.disconnect()
        return message

    message = async_to_sync(scenario)()
    assert (message["seq"], message["story"], message["change"]) == (1, story.pk, "retitled")
