"""``CHANNEL_LAYERS`` from one URL: Redis shared by every realtime node, or in-process memory.

Channels needs a layer to carry a message from the process that made a
change to the processes holding WebSockets.  With no URL the layer is
Channels' in-memory one, which reaches only its own process (one machine, the
embedded tier; see the consumer's polling in docs/realtime.md).  With a
``redis://`` or ``rediss://`` URL it is channels-redis, whose groups span
every node; its connections time out like every other wait here.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured

REDIS_TIMEOUT_SECONDS = 2
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
        "socket_connect_timeout": REDIS_TIMEOUT_SECONDS,
        "socket_timeout": REDIS_TIMEOUT_SECONDS,
    }
    return {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [host], "prefix": f"{prefix}:asgi", "capacity": CAPACITY},
        }
    }
