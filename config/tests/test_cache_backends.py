"""Both real cache backends that CACHE_URL selects work, and separate processes share them.

Web, worker and scheduler are separate processes (and, in production, separate
machines), so a cache is only right if a write in one process is what the next
read in another sees, and a counter counts every increment from all of them.
Each case runs Django in fresh interpreters with ``CACHE_URL`` pointing at a
redis-server started for the test (tests/servers.py) or at a diskcache
directory under tmp_path.  Nothing is skipped: without redis-server the Redis
cases fail and say to run scripts/ensure-servers.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.servers import shared_cache

pytestmark = pytest.mark.system

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 60
PRELUDE = "import json, sys, django\ndjango.setup()\nfrom django.core.cache import cache, caches\n"
INCREMENTS = 500


@pytest.fixture(params=["redis", "diskcache"])
def cache_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with shared_cache(request.param, tmp_path) as url:
        yield url


def django_env(tmp_path: Path, cache_url: str, **extra: str) -> dict[str, str]:
    return {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "NEWSBUDGET_ENV": "test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CACHE_URL": cache_url,
        **extra,
    }


def in_a_process(tmp_path: Path, cache_url: str, program: str, **extra: str) -> Any:
    """Run ``program`` (which prints one JSON value) in a fresh Django process; that value."""
    result = subprocess.run(
        [sys.executable, "-c", PRELUDE + program],
        cwd=ROOT,
        env=django_env(tmp_path, cache_url, **extra),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_it_sets_gets_increments_adds_and_deletes(tmp_path: Path, cache_url: str) -> None:
    outcome = in_a_process(
        tmp_path,
        cache_url,
        """
cache.set("headline", {"title": "Flood warning"}, 60)
cache.set("views", 1)
cache.set_many({"a": 1, "b": "two", "c": [3]})
outcome = {
    "backend": f"{type(caches['default']).__module__}.{type(caches['default']).__name__}",
    "headline": cache.get("headline"),
    "views": cache.incr("views", 41),
    "first_add": cache.add("lock", "first"),
    "second_add": cache.add("lock", "second"),
    "lock": cache.get("lock"),
    "many": cache.get_many(["a", "b", "c", "missing"]),
}
cache.delete_many(["a", "b"])
outcome["after_delete"] = cache.get_many(["a", "b", "c"])
print(json.dumps(outcome))
""",
    )
    assert outcome == {
        "backend": "ops.cache.resilient.ResilientRedisCache"
        if cache_url.startswith("redis://")
        else "ops.cache.backends.PersistentDiskCache",
        "headline": {"title": "Flood warning"},
        "views": 42,
        "first_add": True,
        "second_add": False,
        "lock": "first",
        "many": {"a": 1, "b": "two", "c": [3]},
        "after_delete": {"c": [3]},
    }


def test_it_shows_each_process_the_others_writes(tmp_path: Path, cache_url: str) -> None:
    in_a_process(tmp_path, cache_url, 'cache.set("story:42", "v1"); print("null")')
    seen = in_a_process(
        tmp_path,
        cache_url,
        'seen = cache.get("story:42"); cache.set("story:42", "v2"); print(json.dumps(seen))',
    )
    assert seen == "v1"
    assert in_a_process(tmp_path, cache_url, 'print(json.dumps(cache.get("story:42")))') == "v2"


def test_it_counts_every_increment_from_concurrent_processes(
    tmp_path: Path, cache_url: str
) -> None:
    in_a_process(tmp_path, cache_url, 'cache.set("hits", 0); print("null")')
    go = tmp_path / "go"
    program = PRELUDE + (
        "import pathlib, time\n"
        "ready, go = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])\n"
        "ready.touch()\n"
        "while not go.exists(): time.sleep(0.01)\n"
        f"for _ in range({INCREMENTS}): cache.incr('hits')\n"
    )
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", program, str(tmp_path / f"ready-{n}"), str(go)],
            cwd=ROOT,
            env=django_env(tmp_path, cache_url),
        )
        for n in range(2)
    ]
    try:
        deadline = time.monotonic() + TIMEOUT
        while not all((tmp_path / f"ready-{n}").exists() for n in range(2)):
            assert time.monotonic() < deadline, "the workers did not start"
            assert all(worker.poll() is None for worker in workers), "a worker exited early"
            time.sleep(0.01)
        go.touch()  # both are set up: now they increment at the same time
        assert [worker.wait(timeout=TIMEOUT) for worker in workers] == [0, 0]
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
                worker.wait()

    assert in_a_process(tmp_path, cache_url, 'print(cache.get("hits"))') == 2 * INCREMENTS


def test_it_keeps_sites_with_different_prefixes_apart(tmp_path: Path, cache_url: str) -> None:
    write = 'cache.set("front", "{site}"); print("null")'
    read = 'print(json.dumps(cache.get("front")))'
    in_a_process(tmp_path, cache_url, write.format(site="a"), CACHE_KEY_PREFIX="site-a")

    assert in_a_process(tmp_path, cache_url, read, CACHE_KEY_PREFIX="site-b") is None
    in_a_process(tmp_path, cache_url, write.format(site="b"), CACHE_KEY_PREFIX="site-b")
    assert in_a_process(tmp_path, cache_url, read, CACHE_KEY_PREFIX="site-a") == "a"
    assert in_a_process(tmp_path, cache_url, read, CACHE_KEY_PREFIX="site-b") == "b"
