"""Readiness tracks PostgreSQL: red while it is stopped, green again soon after it returns.

The web process runs against a PostgreSQL server of this test's own (so the
test can stop it), with two workers.  Stopping the server must turn /readyz
into a 503 naming the database within seconds, while /healthz stays green
(the process itself is fine: a supervisor must not restart it); starting the
server again must bring /readyz back to 200 within seconds, without
restarting anything.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from tests.servers import free_port, running_postgres
from tests.system.processes import manage, process_env, procfile_command, running
from tests.system.test_web_process import fetch, wait_for_http

pytestmark = pytest.mark.system
BOUND_SECONDS = 15


def readiness(base: str) -> tuple[int, dict[str, Any]]:
    status, _, body = fetch(f"{base}/readyz")
    return status, json.loads(body)


def wait_for_readiness(base: str, wanted: int) -> tuple[float, dict[str, Any]]:
    """Poll /readyz until it answers ``wanted``; the seconds it took and the last body."""
    started = time.monotonic()
    while True:
        status, body = readiness(base)
        elapsed = time.monotonic() - started
        if status == wanted:
            return elapsed, body
        assert elapsed < BOUND_SECONDS, f"/readyz still {status} after {elapsed:.1f}s: {body}"
        time.sleep(0.2)


def test_readiness_goes_red_without_postgres_and_green_when_it_returns(tmp_path: Path) -> None:
    with running_postgres() as postgres:
        port = free_port()
        env = process_env(tmp_path, postgres.url, PORT=str(port), WEB_CONCURRENCY="2")
        manage(env, "migrate", "--noinput")
        base = f"http://127.0.0.1:{port}"

        with running(procfile_command("web"), env, tmp_path / "web.log") as web:
            wait_for_http(f"{base}/healthz", timeout=30)
            assert readiness(base)[0] == 200, web.output()

            postgres.stop()
            to_red, down = wait_for_readiness(base, 503)
            assert down["status"] == "unready"
            assert down["checks"]["database"]["ok"] is False
            assert down["checks"]["cache"]["ok"] is True, "a database outage is not a cache one"
            assert fetch(f"{base}/healthz")[0] == 200

            postgres.start()
            to_green, up = wait_for_readiness(base, 200)
            assert up["status"] == "ready"
            assert fetch(f"{base}/robots.txt")[0] == 200
            assert web.stop() == 0, web.output()

    print(f"readiness: red {to_red:.1f}s after the stop, green {to_green:.1f}s after the start")
