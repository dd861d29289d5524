"""``scripts/with-servers`` runs a command with throwaway servers and hands back its status.

``make test-sqlite`` and ``make test-postgres`` are this script around pytest:
the command must see the servers' URLs, its exit status must be the script's,
and afterwards nothing may be left behind.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.system

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 120
PING_AND_EXIT = (
    "import os, sys, redis;"
    "url = os.environ['CACHE_URL'];"
    "assert redis.Redis.from_url(url).ping();"
    "print(url); sys.exit(7)"
)


def with_servers(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "scripts/with-servers", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def test_it_runs_the_command_against_a_redis_and_returns_its_status() -> None:
    result = with_servers("--redis", "--", sys.executable, "-c", PING_AND_EXIT)

    assert result.returncode == 7, result.stderr
    assert result.stdout.startswith("redis://:")
    password = result.stdout.split(":")[2].split("@")[0]
    assert "with-servers: Redis ready at 127.0.0.1:" in result.stderr
    assert password not in result.stderr


def test_it_gives_the_command_a_private_diskcache_directory_and_removes_it() -> None:
    show = "import os, stat; d = os.environ['CACHE_URL'].removeprefix('diskcache://');"
    show += "print(d, oct(stat.S_IMODE(os.stat(d).st_mode)))"
    result = with_servers("--diskcache", "--", sys.executable, "-c", show)

    assert result.returncode == 0, result.stderr
    directory, mode = result.stdout.split()
    assert mode == "0o700"
    assert not Path(directory).exists()


def test_it_refuses_two_caches_at_once() -> None:
    result = with_servers("--redis", "--diskcache", "--", "true")

    assert result.returncode == 2
    assert "not allowed with argument" in result.stderr


def test_it_keeps_with_postgres_working() -> None:
    probe = "import os; print(os.environ['DATABASE_URL'].split('@')[1])"
    result = subprocess.run(
        [sys.executable, "scripts/with-postgres", "--", sys.executable, "-c", probe],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("127.0.0.1:")
    assert "with-postgres: PostgreSQL ready at 127.0.0.1:" in result.stderr
