"""Who may open the live board's WebSocket: the budget page's readers, and nobody else."""

from __future__ import annotations

import pytest
from asgiref.sync import async_to_sync

from newsbudget.accounts.models import User
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
