"""Bucketing: the same reader always sees the same variant of a test, and readers split evenly."""

from __future__ import annotations

import collections

from hypothesis import given
from hypothesis import strategies as st

from newsbudget.experiments import bucketing

READER_IDS = st.from_regex(bucketing.READER_ID, fullmatch=True)


@given(reader=READER_IDS, test_id=st.integers(1, 10**9), variants=st.integers(1, 4))
def test_it_is_deterministic_and_in_range(reader: str, test_id: int, variants: int) -> None:
    first = bucketing.variant_for(reader_id=reader, test_id=test_id, variants=variants)

    assert first == bucketing.variant_for(reader_id=reader, test_id=test_id, variants=variants)
    assert 0 <= first < variants


@given(test_id=st.integers(1, 10**6), variants=st.integers(2, 4))
def test_readers_split_roughly_evenly(test_id: int, variants: int) -> None:
    readers = 4000
    counts = collections.Counter(
        bucketing.variant_for(reader_id=f"reader-{n:08d}-xyz", test_id=test_id, variants=variants)
        for n in range(readers)
    )

    expected = readers / variants
    # Binomial standard deviation is under 32 here; 6 of them is a bound no fair hash breaks.
    assert all(abs(counts[v] - expected) < 6 * 32 for v in range(variants))


def test_tests_split_readers_independently() -> None:
    readers = [f"reader-{n:08d}-xyz" for n in range(2000)]
    pairs = collections.Counter(
        (
            bucketing.variant_for(reader_id=r, test_id=1, variants=2),
            bucketing.variant_for(reader_id=r, test_id=2, variants=2),
        )
        for r in readers
    )

    assert all(350 < pairs[(a, b)] < 650 for a in (0, 1) for b in (0, 1))


def test_new_reader_ids_are_valid_and_unique() -> None:
    ids = {bucketing.new_reader_id() for _ in range(100)}

    assert len(ids) == 100
    assert all(bucketing.valid_reader_id(reader) == reader for reader in ids)


def test_it_refuses_ids_it_could_not_have_issued() -> None:
    assert bucketing.valid_reader_id("short") is None
    assert bucketing.valid_reader_id("a" * 65) is None
    assert bucketing.valid_reader_id("abcdefghijklmnop\x00q") is None
