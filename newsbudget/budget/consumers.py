"""The live budget board's WebSocket: staff subscribe, and hear which stories changed.

Who may subscribe is who may open the budget page: a signed-in, active
newsroom member (``policies.may_view_newsroom``) whose account has two-factor
authentication, the rule ``RequireTwoFactorMiddleware`` applies to pages.  The
session cookie is read by Channels' ``AuthMiddlewareStack`` and the Origin by
``AllowedHostsOriginValidator`` (config/asgi.py).  Anyone else is accepted and
at once closed with code 4403, which the page's script takes as "stop and ask
for a reload" rather than "reconnect": a handshake refused outright reaches
the browser only as an anonymous 1006.

A client connects with ``?since=N``, the last event number it saw (the page
is rendered with the number current then).  It first receives what it missed
(``events.events_since``): the events themselves, or one ``resync`` message
when they cannot be replayed.  Then every event as it happens.

The rule is checked again before anything is sent after the greeting, from
the session as it is *now* in the session store: a viewer who has since
signed out (in another tab), changed their password, been deactivated or lost
their role is closed with 4403 instead of hearing of the next change.

Events reach this process through the channel layer.  In production that is
Redis, shared by every node.  On one machine the layer is in-process memory,
which a change made by another process (gunicorn, the worker) cannot reach,
so there each connection also looks at the shared event counter every
``REALTIME_POLL_SECONDS`` and replays what is new.  Numbers let the client
ignore an event it has already seen, whichever way it came.
"""

from __future__ import annotations

import asyncio
import contextlib
from importlib import import_module
from types import SimpleNamespace
from typing import Any
from urllib.parse import parse_qs

from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.contrib.auth import get_user

from newsbudget.budget import events
from newsbudget.stories import policies

SENT_FIELDS = ("type", "seq", "story", "days", "change")
"""All a client is told of a change: never a headline, a body or anything else of the story."""
FORBIDDEN = 4403
"""Close code for a viewer who may not subscribe (anonymous, no 2FA, not newsroom staff)."""


def may_subscribe(user: Any) -> bool:
    """The budget page's rule: newsroom staff with two-factor authentication."""
    if user is None or not user.is_authenticated:
        return False
    return bool(getattr(user, "has_2fa", False)) and policies.may_view_newsroom(user)


def viewer_now(session_key: str | None) -> Any:
    """The user the session ``session_key`` belongs to now (anonymous once it is gone).

    Read afresh from the session store, with Django's own check of the
    password hash kept in the session, so a sign-out or a password change
    since the socket opened counts.
    """
    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    return get_user(SimpleNamespace(session=store))  # type: ignore[arg-type]


def may_still_subscribe(session_key: str | None) -> bool:
    return may_subscribe(viewer_now(session_key))


def since_from(query_string: bytes) -> int | None:
    """The ``since`` number of the query string, or None if absent or not a number.

    >>> since_from(b"since=12"), since_from(b""), since_from(b"since=x")
    (12, None, None)
    """
    values = parse_qs(query_string.decode("latin-1")).get("since", [])
    try:
        number = int(values[0]) if values else None
    except ValueError:
        return None
    return number if number is None or number >= 0 else None


class BoardConsumer(AsyncJsonWebsocketConsumer):
    """One editor's connection to the board."""

    last_seen = 0
    poller: asyncio.Task[None] | None = None

    async def connect(self) -> None:
        if not await database_sync_to_async(may_subscribe)(self.scope.get("user")):
            await self.accept()
            await self.close(code=FORBIDDEN)
            return
        await self.channel_layer.group_add(events.GROUP, self.channel_name)
        await self.accept()
        await self.catch_up(since_from(self.scope.get("query_string", b"")))
        if settings.REALTIME_POLL_SECONDS > 0:
            self.poller = asyncio.create_task(self.poll(settings.REALTIME_POLL_SECONDS))

    async def disconnect(self, code: int) -> None:
        if self.poller is not None:
            self.poller.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.poller
        await self.channel_layer.group_discard(events.GROUP, self.channel_name)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        """Clients only listen; anything they send is ignored."""

    async def story_changed(self, event: events.Event) -> None:
        """An event from the channel layer (``events.MESSAGE_TYPE``)."""
        if event["seq"] <= self.last_seen or not await self.still_allowed():
            return
        if event["seq"] > self.last_seen + 1:  # some went missing on the way: replay them
            await self.catch_up(self.last_seen)
            return
        await self.deliver(event)

    async def still_allowed(self) -> bool:
        """Whether the viewer may still subscribe; if not, the socket is closed (4403)."""
        session = self.scope.get("session")
        key = getattr(session, "session_key", None)
        if await database_sync_to_async(may_still_subscribe)(key):
            return True
        await self.close(code=FORBIDDEN)
        return False

    async def catch_up(self, since: int | None) -> None:
        """Send what came after ``since``: a hello, the events, or a resync."""
        if since is None:
            self.last_seen = await sync_to_async(events.current_sequence)()
            await self.send_json({"type": "hello", "seq": self.last_seen})
            return
        latest, missed = await sync_to_async(events.events_since)(since)
        if missed is None:
            self.last_seen = max(self.last_seen, latest)
            await self.send_json({"type": "resync", "seq": latest})
            return
        for event in missed:
            await self.deliver(event)

    async def deliver(self, event: events.Event) -> None:
        if event["seq"] > self.last_seen:
            self.last_seen = event["seq"]
            await self.send_json({key: event[key] for key in SENT_FIELDS})

    async def poll(self, seconds: float) -> None:
        """Replay events other processes announced (in-memory channel layer only)."""
        while True:
            await asyncio.sleep(seconds)
            if await sync_to_async(events.current_sequence)() != self.last_seen:
                if not await self.still_allowed():
                    return
                await self.catch_up(self.last_seen)
