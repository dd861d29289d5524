"""A real HTTP server on 127.0.0.1 that records each request and answers as the test says.

The purge backends are tested against it instead of mocks: requests really
cross a socket, so method, path, headers, body, timeouts and error statuses are
exercised the way a CDN's API would see and answer them.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(frozen=True)
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Script:
    """How the server answers: a status and body, after an optional delay."""

    status: int = 200
    body: bytes = b'{"success": true, "status": "ok"}'
    delay: float = 0.0
    requests: list[Recorded] = field(default_factory=list)


@dataclass
class Recorder:
    url: str
    script: Script

    @property
    def requests(self) -> list[Recorded]:
        return self.script.requests

    def answer(self, status: int, body: bytes = b"", delay: float = 0.0) -> None:
        self.script.status, self.script.body, self.script.delay = status, body, delay


def handler_for(script: Script) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def handle_any(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            script.requests.append(
                Recorded(self.command, self.path, dict(self.headers.items()), body)
            )
            time.sleep(script.delay)
            # A client that timed out has hung up: nobody is left to answer.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.send_response(script.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(script.body)))
                self.end_headers()
                self.wfile.write(script.body)

        do_GET = do_POST = handle_any  # noqa: N815 - the names http.server calls

        def log_message(self, format: str, *args: object) -> None:
            return None

    return Handler


@contextlib.contextmanager
def recording_server() -> Iterator[Recorder]:
    """Serve on a free port of 127.0.0.1 until the block ends, then shut down and close."""
    script = Script()
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(script))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield Recorder(f"http://127.0.0.1:{server.server_address[1]}", script)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
