"""Start the site the crawler walks: demo data, collected static files, gunicorn, all throwaway.

Everything lives in one directory of its own (a SQLite file, the diskcache,
collected static files, the gunicorn log), never the developer's
``var/db.sqlite3``.  The web process is the Procfile's own ``web`` command,
run as ``tests.system.processes`` runs it: ``NEWSBUDGET_ENV=dev`` with DEBUG
off, so WhiteNoise serves the hashed files of the collected manifest and a
missing static file is a real 404.  The rate limits are switched off (``off``)
for this server only: the crawler is one client opening hundreds of pages and
submitting each form a dozen times, which the limits exist to stop.  It is
stopped by its PID on the way out, whatever happened.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from tests.servers import free_port
from tests.system.processes import BASE_DIR, manage, process_env, procfile_command, running

RATE_LIMIT_SETTINGS = (
    "RATE_LIMIT_LOGIN",
    "RATE_LIMIT_PASSWORD_RESET",
    "RATE_LIMIT_API",
    "RATE_LIMIT_API_WRITES",
    "RATE_LIMIT_SEARCH",
    "RATE_LIMIT_CONTACT",
    "RATE_LIMIT_PAGE_VIEWS",
    "RATE_LIMIT_LIST_PAGES",
    "RATE_LIMIT_PAGES",
)
START_TIMEOUT = 60
WORKERS = 2
WARM_UP_ROUNDS = 3
PREPARE_TIMEOUT = 300


def site_env(directory: Path, database_url: str | None = None, **extra: str) -> dict[str, str]:
    """The environment of the crawled site: everything under ``directory``, no rate limits."""
    url = database_url or f"sqlite:///{directory / 'db.sqlite3'}"
    limits = dict.fromkeys(RATE_LIMIT_SETTINGS, "off")
    env = process_env(
        directory,
        url,
        WEB_CONCURRENCY=str(WORKERS),
        # A worker imports the whole project when it boots; on a loaded 2-core machine that can
        # outlast the 10 s request timeout, and gunicorn would kill it mid-boot, over and over.
        # The crawler judges slowness itself (Bounds.slow_seconds).
        WEB_TIMEOUT="60",
        **limits,
        **extra,
    )
    # uv installs no bytecode; without a cache each of the five processes (migrate, demo data,
    # collectstatic, two workers) compiles Django, Wagtail and the project from source again.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def prepare(env: dict[str, str], directory: Path) -> None:
    """What ``make run`` does before it starts: migrate, demo data, collectstatic.

    collectstatic (hashing and compressing every file) needs no database, so it
    runs beside the other two rather than after them: the start takes the time
    of the longer of the two, not of both.
    """
    argv = [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"]
    log = directory / "collectstatic.log"
    with log.open("wb") as sink:
        collecting = subprocess.Popen(
            argv, cwd=BASE_DIR, env=env, stdout=sink, stderr=subprocess.STDOUT
        )
    try:
        manage(env, "migrate", "--noinput", timeout=PREPARE_TIMEOUT)
        manage(env, "load_demo_data", timeout=PREPARE_TIMEOUT)
        status = collecting.wait(timeout=PREPARE_TIMEOUT)
    finally:
        if collecting.poll() is None:
            collecting.kill()
            collecting.wait()
    assert status == 0, f"collectstatic failed ({status}):\n{log.read_text(errors='replace')}"


def warm_up(url: str, timeout: float) -> None:
    """Wait until the site answers, then send every worker a few requests, untimed.

    A worker's first request loads the URLconf and compiles templates; that is
    the cost of a start, not of a page, and it is not what the crawl measures.
    Requests one after another may all reach the same sync worker, so each round
    sends one per worker at once: a busy worker cannot accept the next.
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            httpx.get(url, timeout=timeout)
            break
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        for _round in range(WARM_UP_ROUNDS):
            list(pool.map(lambda _n: httpx.get(url, timeout=timeout), range(WORKERS)))


@contextlib.contextmanager
def demo_site(directory: Path, database_url: str | None = None) -> Iterator[str]:
    """A prepared demo site served by gunicorn on a free loopback port; yields its base URL."""
    directory.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = site_env(directory, database_url, PORT=str(port))
    prepare(env, directory)
    base = f"http://127.0.0.1:{port}/"
    with running(procfile_command("web"), env, directory / "web.log") as web:
        web.wait_for(r"Listening at: http://127\.0\.0\.1:\d+", timeout=START_TIMEOUT)
        warm_up(base, timeout=START_TIMEOUT)
        yield base
