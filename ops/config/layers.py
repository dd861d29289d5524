"""``CHANNEL_LAYERS`` from one URL: Redis shared by every realtime node, or in-process memory.

Channels needs a layer to carry a message from the process that made a
change to the processes holding WebSockets.  With no URL the layer is
Channels' in-memory one, which reaches only its own process (one machine, the
embedded tier; see the consumer's polling in docs/realtime.md).  With a
``redis://`` or ``rediss://`` URL it is channels-redis, whose groups span
every node.  Connecting to Redis times out after two seconds and a read after
ten: channels-redis waits for each connection's messages in a blocking pop
(BZPOPMIN) of ``BLOCKING_POP_SECONDS``, which a shorter read timeout would cut
short (redis-py 8 defaults to five seconds, the same as the pop: a race that
drops connections).  A send is also bounded by its caller (newsbudget's events).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured

CONNECT_TIMEOUT_SECONDS = 2
BLOCKING_POP_SECONDS = 5
"""channels-redis's ``RedisChannelLayer.brpop_timeout`` (a class attribute, not configurable)."""
READ_TIMEOUT_SECONDS = 10
CAPACITY = 200
"""Messages a slow connection may have queued before newer ones are dropped (it then resyncs)."""


def channel_layers(url: str, *, prefix: str) -> dict[str, dict[str, Any]]:
    """``CHANNEL_LAYERS`` for ``url`` ("" for in-memory).

    >>> channel_layers("", prefix="nb")["default"]["BACKEND"]
    'channels.layers.InMemoryChannelLayer'
    >>> layer = channel_layers("redis://127.0.0.1:6379/1", prefix="nb")["default"]
    >>> layer["BACKEND"], layer["CONFIG"]["hosts"][0]["address"], layer["CONFIG"]["prefix"]
    ('channels_redis.core.RedisChannelLayer', 'redis://127.0.0.1:6379/1', 'nb:asgi')
    """
    if not url:
        return {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    if not url.startswith(("redis://", "rediss://")):
        raise ImproperlyConfigured(f"REALTIME_REDIS_URL must be a redis:// URL, got {url[:8]!r}…")
    host = {
        "address": url,
        "socket_connect_timeout": CONNECT_TIMEOUT_SECONDS,
        "socket_timeout": READ_TIMEOUT_SECONDS,
    }
    return {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                "hosts": [host],
                "prefix": f"{prefix}:asgi",
                "capacity": CAPACITY,
            },
        }
    }
