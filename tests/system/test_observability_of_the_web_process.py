"""The real web process, observed: JSON lines on stdout, metrics summed over its workers.

gunicorn runs from the Procfile with two workers, JSON logs and a Prometheus
multiprocess directory, beside the task worker.  One request is held half
sent, so the worker that accepted it is busy while the other serves the
rest; then it is completed.  One scrape of /metrics must count every
request of both workers, and every line either process printed must be a JSON
object (gunicorn's own lines included), with one ``request`` line per
request carrying the id the client sent.
"""

from __future__ import annotations

import json
import socket
import time
import urllib.request
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.servers import free_port
from tests.system.processes import manage, process_env, procfile_command, running
from tests.system.test_web_process import fetch, wait_for_http

pytestmark = pytest.mark.system
REQUESTS = 40


def get(url: str, request_id: str) -> int:
    request = urllib.request.Request(url, headers={"X-Request-ID": request_id})
    with urllib.request.urlopen(request, timeout=10) as response:
        response.read()
        return int(response.status)


class HeldRequest:
    """A request whose last line is not sent yet: it keeps one sync worker busy."""

    def __init__(self, port: int) -> None:
        self.connection = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.connection.sendall(
            b"GET /robots.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Request-ID: system-held\r\n"
        )

    def finish(self) -> bytes:
        self.connection.sendall(b"Connection: close\r\n\r\n")
        answer = b""
        while chunk := self.connection.recv(65536):
            answer += chunk
        self.connection.close()
        return answer


def robots_requests(exposition: str) -> float:
    total = 0.0
    for family in text_string_to_metric_families(exposition):
        for sample in family.samples:
            if (
                sample.name == "newsbudget_http_requests_total"
                and sample.labels["route"] == "robots"
            ):
                total += sample.value
    return total


def json_lines(text: str) -> list[dict[str, object]]:
    lines = []
    for line in text.splitlines():
        if line.strip():
            try:
                lines.append(json.loads(line))
            except ValueError:
                raise AssertionError(f"not a JSON line: {line!r}\n\n{text}") from None
    return lines


def test_metrics_count_every_worker_and_every_line_is_json(
    tmp_path: Path, process_database_url: str
) -> None:
    port = free_port()
    env = process_env(
        tmp_path, process_database_url, PORT=str(port), WEB_CONCURRENCY="2", LOG_FORMAT="json"
    )
    manage(env, "migrate", "--noinput")
    base = f"http://127.0.0.1:{port}"

    with (
        running(procfile_command("web"), env, tmp_path / "web.log") as web,
        running(procfile_command("worker"), env, tmp_path / "worker.log") as worker,
    ):
        web.wait_for(r"Booting worker with pid: \d+.*\n.*Booting worker with pid: \d+", timeout=30)
        worker.wait_for(r"Starting worker", timeout=30)
        wait_for_http(f"{base}/healthz", timeout=30)

        held = HeldRequest(port)
        time.sleep(0.5)  # accepted by one worker, which now waits for the rest of it
        statuses = [get(f"{base}/robots.txt", f"system-{index}") for index in range(REQUESTS - 1)]
        statuses.append(200 if held.finish().startswith(b"HTTP/1.1 200") else 0)
        status, _, exposition = fetch(f"{base}/metrics")
        status_ready, _, readiness = fetch(f"{base}/readyz")
        time.sleep(0.5)  # let the last lines reach the log file
        assert web.stop() == 0, web.output()
        assert worker.stop() == 0, worker.output()

    assert statuses == [200] * REQUESTS
    assert status == 200, exposition
    assert robots_requests(exposition) == REQUESTS
    value_files = sorted(path.name for path in (tmp_path / "metrics").glob("counter_*.db"))
    assert len(value_files) >= 2, f"one worker served everything: {value_files}"
    assert (status_ready, json.loads(readiness)["status"]) == (200, "ready")

    web_lines = json_lines(web.output())
    json_lines(worker.output())
    request_ids = [line["request_id"] for line in web_lines if line.get("event") == "request"]
    expected = [f"system-{index}" for index in range(REQUESTS - 1)] + ["system-held"]
    assert sorted(request_ids) == sorted(expected)
    assert any("Listening at" in str(line.get("event")) for line in web_lines)
