"""A real HTTP server on 127.0.0.1 that answers each path as a test scripts it, and records all.

Outbound calls are tested against it instead of mocks: requests really cross
a socket, so timeouts, dropped connections, retries and redirects happen the
way they would against a real service.  Each path has a queue of answers; the
last one repeats, so "503, 503, then 200" is ``site.answer("/", 503, 503, 200)``.
The ops.health availability tests use it to play the monitored site too.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Answer:
    """One scripted answer.  ``drop`` hangs up without answering; ``delay`` waits first."""

    status: int = 200
    body: bytes = b"ok"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    drop: bool = False


def as_answer(spec: int | Answer | dict[str, Any]) -> Answer:
    """An answer from a status, an ``Answer``, or a dict (sent as JSON, status 200)."""
    if isinstance(spec, Answer):
        return spec
    if isinstance(spec, dict):
        return json_answer(200, spec)
    return Answer(status=spec, body=f"status {spec}".encode())


def json_answer(status: int, document: dict[str, Any], delay: float = 0.0) -> Answer:
    return Answer(
        status, json.dumps(document).encode(), {"Content-Type": "application/json"}, delay
    )


@dataclass(frozen=True)
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Site:
    """The running server: its base URL, its script and what it received."""

    url: str
    scripts: dict[str, list[Answer]] = field(default_factory=dict)
    requests: list[Seen] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self, path: str, *answers: int | Answer | dict[str, Any]) -> None:
        """Answer ``path`` with each of ``answers`` in turn, then with the last one for ever."""
        with self.lock:
            self.scripts[path] = [as_answer(spec) for spec in answers]

    def next_answer(self, path: str) -> Answer:
        with self.lock:
            queue = self.scripts.get(path.split("?", 1)[0])
            if not queue:
                return Answer(404, b"not scripted")
            return queue.pop(0) if len(queue) > 1 else queue[0]

    def hits(self, path: str) -> list[Seen]:
        """The requests received for ``path`` (without its query string)."""
        return [seen for seen in self.requests if seen.path.split("?", 1)[0] == path]


def handler_for(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def handle_any(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            with site.lock:
                site.requests.append(
                    Seen(self.command, self.path, dict(self.headers.items()), body)
                )
            answer = site.next_answer(self.path)
            time.sleep(answer.delay)
            if answer.drop:
                self.close_connection = True
                with contextlib.suppress(OSError):
                    self.connection.shutdown(socket.SHUT_RDWR)
                return
            # A client that timed out has hung up: nobody is left to answer.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.send_response(answer.status)
                for name, value in answer.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(answer.body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(answer.body)

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_OPTIONS = do_PURGE = handle_any  # noqa: N815

        def log_message(self, format: str, *args: object) -> None:
            return None

    return Handler


@contextlib.contextmanager
def serve() -> Iterator[Site]:
    """Serve on a free port of 127.0.0.1 until the block ends, then shut down and close."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(site := Site("")))
    server.daemon_threads = True
    site.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def closed_port_url() -> str:
    """The URL of a loopback port where nothing listens (it was just bound and released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"
