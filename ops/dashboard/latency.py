"""Latency as a histogram with fixed buckets, so minutes, nodes and processes add up exactly.

Percentiles cannot be averaged: the p99 of a day is not the mean of its
minutes' p99s.  Counts per bucket can be summed, though, and a percentile
read from the summed histogram is right to within its bucket — the same
trade Prometheus makes.  Inside a bucket the value is interpolated linearly;
the last bucket (beyond 10 s) reports its lower bound doubled.

>>> counts = bucket_counts([3, 7, 40, 40, 90])
>>> percentile(counts, 0.5)
31.25
>>> percentile([0] * len(BOUNDS_MS), 0.99) is None
True
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence

BOUNDS_MS: tuple[float, ...] = (5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, float("inf"))
"""Upper bound of each bucket (inclusive), in milliseconds."""


def bucket_of(duration_ms: float) -> int:
    """Index of the bucket that holds ``duration_ms``.

    >>> bucket_of(0.3), bucket_of(5), bucket_of(5.1), bucket_of(60_000)
    (0, 0, 1, 11)
    """
    return bisect.bisect_left(BOUNDS_MS, duration_ms)


def bucket_counts(durations_ms: Iterable[float]) -> list[int]:
    counts = [0] * len(BOUNDS_MS)
    for duration in durations_ms:
        counts[bucket_of(duration)] += 1
    return counts


def add(totals: list[int], counts: Sequence[int]) -> list[int]:
    """Element-wise sum; a shorter or missing histogram counts as zeros."""
    size = max(len(totals), len(counts), len(BOUNDS_MS))
    padded = [*totals, *[0] * (size - len(totals))]
    for index, count in enumerate(counts):
        padded[index] += int(count)
    return padded


def percentile(counts: Sequence[int], quantile: float) -> float | None:
    """The ``quantile`` (0-1) of the durations counted in ``counts``; None if there are none."""
    total = sum(counts)
    if total == 0:
        return None
    rank = quantile * total
    seen = 0
    for index, count in enumerate(counts):
        if count and seen + count >= rank:
            lower = BOUNDS_MS[index - 1] if index else 0.0
            upper = BOUNDS_MS[index] if index < len(BOUNDS_MS) - 1 else lower * 2
            return round(lower + (upper - lower) * (rank - seen) / count, 2)
        seen += count
    return float(BOUNDS_MS[-2]) * 2
