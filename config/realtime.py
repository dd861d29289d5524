"""The ``realtime`` process (Procfile): uvicorn serving config.asgi, bound from the environment.

A module rather than a uvicorn command line, so that the address comes from
the same variables in every place that starts it (``make run``, compose, the
tests) and is checked like gunicorn's: ``REALTIME_HOST`` (loopback unless
told; ``0.0.0.0`` in a container) and ``REALTIME_PORT`` (8001).

Django's ASGI handler has no lifespan events, so lifespan is off.  uvicorn
pings each WebSocket every 20 s and drops one that does not answer within
20 s (a laptop that slept, a proxy that forgot the connection); on SIGTERM it
closes the sockets and exits within ``REALTIME_GRACEFUL_TIMEOUT`` seconds,
and the pages reconnect to another node (docs/realtime.md).
"""

from __future__ import annotations

import os
from pathlib import Path

import uvicorn

from ops.config.env import StrictEnv, positive_int_from_env

BASE_DIR = Path(__file__).resolve().parent.parent


def main() -> None:
    StrictEnv.read_env(BASE_DIR / ".env")
    uvicorn.run(
        "config.asgi:application",
        host=os.environ.get("REALTIME_HOST", "127.0.0.1"),
        port=positive_int_from_env("REALTIME_PORT", 8001),
        lifespan="off",
        ws="websockets-sansio",
        ws_ping_interval=20,
        ws_ping_timeout=20,
        timeout_graceful_shutdown=positive_int_from_env("REALTIME_GRACEFUL_TIMEOUT", 10),
        access_log=False,
    )


if __name__ == "__main__":
    main()
