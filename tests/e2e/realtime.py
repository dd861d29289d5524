"""The realtime process for browser tests: config.asgi under uvicorn, in a thread of the test.

pytest-django's live server speaks only HTTP (WSGI), so the WebSockets get a
uvicorn of their own on another free port, exactly as in ``make run`` (web on
one port, realtime on the next; the session cookie of 127.0.0.1/localhost is
sent to both).  A thread rather than a process: it shares the test database
(SQLite's is in memory), and it stops when told, within a timeout, leaving
no database connection open behind it.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator

import uvicorn
from asgiref.sync import SyncToAsync
from django.db import connections

from tests.servers import free_port

START_TIMEOUT = 20
STOP_TIMEOUT = 10


@contextlib.contextmanager
def realtime_server() -> Iterator[int]:
    """Serve config.asgi on a free port of 127.0.0.1 and yield the port."""
    from config.asgi import application

    port = free_port()
    config = uvicorn.Config(
        application, host="127.0.0.1", port=port, lifespan="off", ws="websockets-sansio",
        log_level="warning",
    )  # fmt: skip
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="realtime", daemon=True)
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            server.should_exit = True
            raise AssertionError(f"uvicorn did not start on port {port}")
        time.sleep(0.05)
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(STOP_TIMEOUT)
        assert not thread.is_alive(), "uvicorn did not stop"
        # The consumers' ORM calls ran in asgiref's one sync thread; close its connections, or
        # PostgreSQL refuses to drop the test database at the end of the run.
        SyncToAsync.single_thread_executor.submit(connections.close_all).result(STOP_TIMEOUT)
