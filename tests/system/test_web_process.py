"""The real `web` process: gunicorn with config/gunicorn.conf.py, as the Procfile starts it.

One run proves what a deploy relies on: the site answers, WhiteNoise serves
the stylesheet under a hashed name with a cache-forever header, and SIGTERM
makes gunicorn finish and exit 0 within its graceful timeout.
"""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.servers import free_port
from tests.system.processes import manage, process_env, procfile_command, running

pytestmark = pytest.mark.system

GRACEFUL_TIMEOUT = 10


def fetch(url: str) -> tuple[int, dict[str, str], str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode(errors="replace")


def wait_for_http(url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answers; the test looks at the answer
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_it_serves_pages_and_hashed_static_files_and_stops_on_sigterm(
    tmp_path: Path, process_database_url: str
) -> None:
    port = free_port()
    env = process_env(
        tmp_path,
        process_database_url,
        PORT=str(port),
        WEB_CONCURRENCY="2",
        WEB_GRACEFUL_TIMEOUT=str(GRACEFUL_TIMEOUT),
    )
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    base = f"http://127.0.0.1:{port}"

    with running(procfile_command("web"), env, tmp_path / "web.log") as web:
        web.wait_for(r"Listening at: http://127\.0\.0\.1:\d+", timeout=30)
        wait_for_http(f"{base}/", timeout=30)

        status, _, html = fetch(f"{base}/")
        assert status == 200, html
        stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html)
        assert stylesheet, f"no hashed stylesheet link in the home page:\n{html[:2000]}"

        status, headers, css = fetch(base + stylesheet.group(1))
        assert status == 200
        assert css.strip()
        cache_control = headers.get("Cache-Control", "")
        assert "max-age=315360000" in cache_control
        assert "immutable" in cache_control

        started = time.monotonic()
        assert web.stop(timeout=GRACEFUL_TIMEOUT + 5) == 0, web.output()
        assert time.monotonic() - started < GRACEFUL_TIMEOUT + 5
        assert "Shutting down: Master" in web.output()
