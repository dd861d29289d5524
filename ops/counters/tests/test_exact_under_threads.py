"""Threads counting while flushes run: every count reaches the database once, none twice.

Eight threads add to a few names over several one-second windows while this
thread flushes again and again; after the last window has closed, one more
flush, and the written counts must equal the adds exactly.  The cache is the
suite's (diskcache in the SQLite run, Redis in the PostgreSQL run);
tests/system/test_exact_page_views.py races processes.
"""

from __future__ import annotations

import datetime
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from ops.counters.buffered import BufferedCounter
from ops.counters.models import FlushedWindow

THREADS = 8
ADDS_PER_THREAD = 150
NAMES = ["1", "2", "3"]


def test_counts_are_exact_with_flushes_running_during_the_adds(db: None) -> None:
    counter = BufferedCounter("test-race", window_seconds=1, flush_delay_seconds=2, keep_windows=60)
    written: Counter[str] = Counter()

    def write(start: datetime.datetime, counts: dict[str, int]) -> None:
        written.update(counts)

    def adder(index: int) -> int:
        for step in range(ADDS_PER_THREAD):
            counter.add(NAMES[(index + step) % len(NAMES)])
            if step % 20 == 0:
                time.sleep(0.5)  # spread the adds over several windows
        return ADDS_PER_THREAD

    with ThreadPoolExecutor(THREADS) as pool:
        futures = [pool.submit(adder, index) for index in range(THREADS)]
        flushes_during_adds = 0
        while not all(future.done() for future in futures):
            flushes_during_adds += counter.flush(write).windows
            time.sleep(0.05)
        added = sum(future.result() for future in futures)
    time.sleep(3.1)  # the last window closes and its flush delay passes
    counter.flush(write)

    assert added == THREADS * ADDS_PER_THREAD
    assert sum(written.values()) == added
    assert flushes_during_adds >= 1, "no window was flushed while the threads were adding"
    assert FlushedWindow.objects.filter(counter="test-race").count() >= 2
