"""A limit holds exactly when threads race on one bucket, and each window counts afresh.

The threads use the suite's cache (diskcache in the SQLite run, Redis in the
PostgreSQL run); tests/protection races separate processes.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

from ops.throttle.counters import hit
from ops.throttle.rates import Rate

LIMIT = 733
THREADS = 8
HITS_PER_THREAD = 150


def test_threads_racing_on_one_bucket_are_allowed_exactly_the_limit() -> None:
    rate, now = Rate(limit=LIMIT, period=86400), time.time()

    def worker(_: int) -> int:
        return sum(hit("race", rate, fail_open=False, now=now).allowed for _ in range(150))

    with ThreadPoolExecutor(THREADS) as pool:
        allowed = sum(pool.map(worker, range(THREADS)))

    assert THREADS * HITS_PER_THREAD > LIMIT
    assert allowed == LIMIT


def test_the_next_window_starts_a_fresh_count() -> None:
    rate = Rate(limit=2, period=60)
    start = 1_800_000_000.0  # on a window boundary
    assert [hit("b", rate, fail_open=False, now=start + 1).allowed for _ in range(3)] == [
        True,
        True,
        False,
    ]
    refused = hit("b", rate, fail_open=False, now=start + 50)
    assert refused.retry_after == 10
    assert hit("b", rate, fail_open=False, now=start + 61).allowed
