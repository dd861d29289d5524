"""Telling the live budget board that a story changed: a numbered event, sent after commit.

Every write a board shows (a story filed, edited, moved, retitled, published)
calls ``announce`` from its service.  The event is sent only once the
transaction commits (``transaction.on_commit``), so a rolled-back change never
reaches a screen, and it is sent from whatever process made the change: the
web process, the API, the admin, the worker or the scheduler.

An event carries no story content, only what every viewer of the board may
know: the story's id, the days whose boards it touched and the kind of change.
The browser then fetches the board over HTTP, where the view applies the
viewer's permissions as it always does (docs/realtime.md, "Protocol").

Each event gets the next number of one counter in the shared cache (Redis in
production, diskcache on one machine), and is kept there for an hour under
its number.  A client that reconnects says the last number it saw; the
consumer replays the ones it missed, or asks it to refetch the board when it
cannot (``events_since``).  The counter lives in the cache, not in a process,
so every node numbers events alike and a restart forgets nothing.

Sending never fails the write it reports: the change is committed already,
and an editor's board still shows it on reload.  A failure is logged.
"""

from __future__ import annotations

import asyncio
import datetime
import logging
from collections.abc import Iterable
from functools import partial
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

GROUP = "budget-board"
"""The channel-layer group every connected board joins."""
LIVE_FLAG = "budget_board_live"
"""The waffle flag that shows the live board (docs/realtime.md, "The flag")."""
MESSAGE_TYPE = "story.changed"
SEQUENCE_KEY = "budget-board:sequence"
EVENT_KEY = "budget-board:event:{}"
EVENT_SECONDS = 3600
"""How long an event stays replayable for a client that reconnects."""
MAX_REPLAY = 200
"""More missed events than this, and the client refetches its board instead."""
SEND_TIMEOUT_SECONDS = 2.0

Event = dict[str, Any]


def announce(*, story_id: int, days: Iterable[datetime.date | None], change: str) -> None:
    """After the current transaction commits, tell every board that ``story_id`` changed."""
    on_days = sorted({day.isoformat() for day in days if day is not None})
    transaction.on_commit(partial(publish, story_id=story_id, days=on_days, change=change))


def publish(*, story_id: int, days: list[str], change: str) -> Event | None:
    """Number, record and send one event now; None (and a log line) if that failed."""
    try:
        event = {
            "type": MESSAGE_TYPE,
            "seq": next_sequence(),
            "story": story_id,
            "days": days,
            "change": change,
        }
        cache.set(EVENT_KEY.format(event["seq"]), event, EVENT_SECONDS)
        async_to_sync(send)(event)
    except Exception:
        logger.warning("Budget board event for story %s not sent", story_id, exc_info=True)
        return None
    return event


async def send(event: Event) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    async with asyncio.timeout(SEND_TIMEOUT_SECONDS):
        await layer.group_send(GROUP, event)


def next_sequence() -> int:
    """The next event number: atomic in Redis and diskcache, so numbers never repeat."""
    cache.add(SEQUENCE_KEY, 0, timeout=None)
    try:
        return cache.incr(SEQUENCE_KEY)
    except ValueError:  # evicted between add and incr: start again
        cache.add(SEQUENCE_KEY, 0, timeout=None)
        return cache.incr(SEQUENCE_KEY)


def current_sequence() -> int:
    """The number of the latest event (0 before the first)."""
    return int(cache.get(SEQUENCE_KEY, 0))


def events_since(since: int) -> tuple[int, list[Event] | None]:
    """The latest number, and the events after ``since``; None if some cannot be replayed.

    None when the client is ahead of the counter (the cache was emptied), too
    far behind, or an event expired or is still being written: the client then
    refetches its board, which is always correct.
    """
    latest = current_sequence()
    if since > latest or latest - since > MAX_REPLAY:
        return latest, None
    keys = [EVENT_KEY.format(number) for number in range(since + 1, latest + 1)]
    found = cache.get_many(keys)
    if len(found) != len(keys):
        return latest, None
    return latest, [found[key] for key in keys]
