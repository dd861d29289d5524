"""Helpers of the live board's tests: a signed-in WebSocket client of the real ASGI application.

Each test runs one coroutine under ``async_to_sync``; the ORM calls it makes
through ``database_sync_to_async`` come back to the test's own thread.  Those
calls close a connection that is inside a transaction (``close_old_connections``
sees autocommit off), which on PostgreSQL would end a test's wrapping
transaction, so the socket tests are transactional (``transaction=True``).

``BoardSocket`` is Channels' ``WebsocketCommunicator`` in a few lines, on the
same asgiref ``ApplicationCommunicator``: importing ``channels.testing``
imports Daphne (for its live-server test case), which we do not install.
"""

from __future__ import annotations

import json
from typing import Any

from asgiref.testing import ApplicationCommunicator
from django.test import Client

from newsbudget.accounts.models import User

ORIGIN = b"http://testserver"
TIMEOUT = 5


def session_cookie(user: User | None) -> bytes:
    """The ``Cookie`` header of a browser signed in as ``user`` (none for None)."""
    if user is None:
        return b""
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}".encode()


class BoardSocket(ApplicationCommunicator):  # type: ignore[misc]
    """A WebSocket client of an ASGI application, driven by the test."""

    async def connect(self) -> tuple[bool, int | None]:
        """(True, None) once accepted; (False, close code) if the handshake was refused."""
        await self.send_input({"type": "websocket.connect"})
        answer = await self.receive_output(timeout=TIMEOUT)
        if answer["type"] == "websocket.close":
            return False, answer.get("code", 1000)
        assert answer["type"] == "websocket.accept", answer
        return True, None

    async def disconnect(self) -> None:
        await self.send_input({"type": "websocket.disconnect", "code": 1000})
        await self.wait(timeout=TIMEOUT)


def board_socket(cookie: bytes, *, since: int | None = None, origin: bytes = ORIGIN) -> BoardSocket:
    """A client of config.asgi's application at /ws/budget/, signed in by ``cookie``."""
    from config.asgi import application

    headers = [(b"host", b"testserver"), (b"origin", origin)]
    if cookie:
        headers.append((b"cookie", cookie))
    scope = {
        "type": "websocket",
        "path": "/ws/budget/",
        "query_string": b"" if since is None else f"since={since}".encode(),
        "headers": headers,
        "subprotocols": [],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    return BoardSocket(application, scope)


async def next_message(socket: BoardSocket) -> dict[str, Any]:
    """The next text frame, parsed; fails after ``TIMEOUT`` seconds."""
    frame = await socket.receive_output(timeout=TIMEOUT)
    assert frame["type"] == "websocket.send", frame
    message: dict[str, Any] = json.loads(frame["text"])
    return message


async def close_code(socket: BoardSocket) -> int:
    frame = await socket.receive_output(timeout=TIMEOUT)
    assert frame["type"] == "websocket.close", frame
    code: int = frame["code"]
    return code
