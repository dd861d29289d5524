"""With SENTRY_DSN set, an unhandled exception reaches Sentry, with its release and without PII.

A loopback HTTP server plays Sentry's ingest endpoint; a fresh interpreter
starts Django with the DSN pointing at it, fails a request that carries a
session cookie and a token, and flushes.  The envelope that arrives must
hold the exception, the environment and the release, and neither the
cookie, the token, nor the client's address.  The embedded error tracker
steps aside when Sentry is configured.
"""

from __future__ import annotations

import gzip
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from config.tests.fresh_process import run_django

FAIL_A_REQUEST = """
import django
django.setup()
import sentry_sdk
from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings
call_command("migrate", verbosity=0)
with override_settings(ROOT_URLCONF="newsbudget.site.tests.failing_urls"):
    response = Client(raise_request_exception=False).get(
        "/test-errors/500/",
        HTTP_COOKIE="sessionid=session-cookie-value-123",
        HTTP_AUTHORIZATION="Token token-value-4567890",
        REMOTE_ADDR="198.51.100.23",
    )
sentry_sdk.flush(timeout=10)
print("status", response.status_code, "embedded", settings.ERRORS_EMBEDDED_TRACKER)
"""


class Ingest(BaseHTTPRequestHandler):
    received: list[bytes]

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        self.received.append(body)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def sentry() -> Iterator[tuple[str, list[bytes]]]:
    received: list[bytes] = []
    handler = type("Recorder", (Ingest,), {"received": received})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://publickey@127.0.0.1:{server.server_port}/1", received
    finally:
        server.shutdown()
        server.server_close()


def events_in(envelopes: list[bytes]) -> list[dict[str, Any]]:
    events = []
    for envelope in envelopes:
        lines = envelope.split(b"\n")
        for header, payload in zip(lines[1::2], lines[2::2], strict=False):
            if json.loads(header).get("type") == "event":
                events.append(json.loads(payload))
    return events


def test_an_unhandled_exception_reaches_sentry_without_personal_data(
    tmp_path: Path, sentry: tuple[str, list[bytes]]
) -> None:
    dsn, received = sentry

    result = run_django(
        tmp_path,
        FAIL_A_REQUEST,
        NEWSBUDGET_ENV="test",
        SENTRY_DSN=dsn,
        SENTRY_ENVIRONMENT="staging",
        RELEASE="abc1234",
    )

    assert result.returncode == 0, result.stderr
    assert "status 500 embedded False" in result.stdout
    (event,) = events_in(received)
    (exception,) = event["exception"]["values"]
    assert exception["type"] == "Explosion"
    assert exception["value"] == "a view failed"
    assert (event["environment"], event["release"]) == ("staging", "abc1234")
    everything = b"".join(received).decode()
    for secret in ("session-cookie-value-123", "token-value-4567890", "198.51.100.23"):
        assert secret not in everything


def test_a_malformed_dsn_stops_the_process_without_echoing_it(tmp_path: Path) -> None:
    result = run_django(
        tmp_path, "import django; django.setup()", SENTRY_DSN="not-a-dsn-with-secret-xyz"
    )

    assert result.returncode != 0
    assert "SENTRY_DSN is not a valid Sentry DSN" in result.stderr
    assert "secret-xyz" not in result.stderr
