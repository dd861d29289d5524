"""Who may open the live board's WebSocket: the budget page's readers, and nobody else.

And who may keep it: a viewer who signs out elsewhere or is deactivated is closed (4403) at
the next change instead of hearing of it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from django.test import Client

from newsbudget.accounts.models import User
from newsbudget.budget import events
from newsbudget.budget.consumers import FORBIDDEN
from newsbudget.budget.tests.live import board_socket, close_code, next_message, session_cookie
from tests.factories import UserFactory

# Committed data: Channels' database_sync_to_async closes the connection of an open transaction.
pytestmark = pytest.mark.django_db(transaction=True)


def refused_with(cookie: bytes) -> int:
    async def attempt() -> int:
        socket = board_socket(cookie)
        connected, _ = await socket.connect()
        assert connected  # accepted, then closed with a code the page's script understands
        code = await close_code(socket)
        await socket.disconnect()
        return code

    return async_to_sync(attempt)()


def test_it_rejects_an_anonymous_visitor() -> None:
    assert refused_with(session_cookie(None)) == FORBIDDEN


def test_it_rejects_a_session_cookie_it_never_issued() -> None:
    assert refused_with(b"sessionid=forgedforgedforgedforgedforged12") == FORBIDDEN


def test_it_rejects_an_account_without_a_newsroom_role() -> None:
    assert refused_with(session_cookie(UserFactory())) == FORBIDDEN


def test_it_rejects_staff_without_two_factor_authentication(editor: User) -> None:
    editor.authenticator_set.all().delete()
    User.objects.filter(pk=editor.pk).update(has_2fa=False)
    assert refused_with(session_cookie(User.objects.get(pk=editor.pk))) == FORBIDDEN


def test_it_rejects_an_inactive_account(editor: User) -> None:
    cookie = session_cookie(editor)
    User.objects.filter(pk=editor.pk).update(is_active=False)
    assert refused_with(cookie) == FORBIDDEN


def test_it_refuses_a_page_on_another_site(editor: User) -> None:
    cookie = session_cookie(editor)

    async def attempt() -> bool:
        socket = board_socket(cookie, origin=b"https://evil.example")
        connected, _ = await socket.connect()
        await socket.disconnect()
        return bool(connected)

    assert not async_to_sync(attempt)()


@pytest.mark.parametrize("role", ["editor", "reporter"])
def test_it_lets_newsroom_staff_with_2fa_subscribe(
    role: str, request: pytest.FixtureRequest
) -> None:
    cookie = session_cookie(request.getfixturevalue(role))

    async def attempt() -> dict[str, object]:
        socket = board_socket(cookie)
        connected, _ = await socket.connect()
        assert connected
        hello = await next_message(socket)
        await socket.disconnect()
        return hello

    assert async_to_sync(attempt)() == {"type": "hello", "seq": 0}


def signed_out(cookie: bytes) -> None:
    """Sign out the browser holding ``cookie``, as its Sign out button would (another tab)."""
    browser = Client()
    browser.cookies["sessionid"] = cookie.decode().split("=", 1)[1]
    browser.logout()


def closed_at_the_next_change(cookie: bytes, change: Callable[[], None]) -> int:
    """Subscribe with ``cookie``, make ``change`` to the viewer, announce a story change: the
    socket's next frame (a close, with its code, or the event)."""

    async def scenario() -> int:
        socket = board_socket(cookie)
        assert (await socket.connect())[0]
        assert (await next_message(socket))["type"] == "hello"
        await database_sync_to_async(change)()
        await database_sync_to_async(events.publish)(story_id=1, days=[], change="edited")
        code = await close_code(socket)
        await socket.disconnect()
        return code

    return async_to_sync(scenario)()


def test_a_viewer_who_signs_out_elsewhere_hears_of_nothing_more(editor: User) -> None:
    cookie = session_cookie(editor)

    assert closed_at_the_next_change(cookie, lambda: signed_out(cookie)) == FORBIDDEN


def test_a_viewer_deactivated_meanwhile_hears_of_nothing_more(editor: User) -> None:
    cookie = session_cookie(editor)

    def deactivate() -> None:
        User.objects.filter(pk=editor.pk).update(is_active=False)

    assert closed_at_the_next_change(cookie, deactivate) == FORBIDDEN


def test_a_viewer_still_signed_in_keeps_hearing(editor: User) -> None:
    cookie = session_cookie(editor)

    async def scenario() -> dict[str, object]:
        socket = board_socket(cookie)
        assert (await socket.connect())[0]
        await next_message(socket)
        await database_sync_to_async(events.publish)(story_id=1, days=[], change="edited")
        message = await next_message(socket)
        await socket.disconnect()
        return message

    assert async_to_sync(scenario)()["type"] == "story.changed"
