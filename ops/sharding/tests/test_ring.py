"""The ring: balanced, stable across processes, and moving only the keys that must move."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from ops.sharding.ring import HashRing

KEYS = range(10_000)
ROOT = Path(__file__).resolve().parents[3]
TOLERANCE = 0.15
"""Each node's share of 10 000 keys stays within 15 % of the fair share (256 points each)."""


@pytest.mark.parametrize("nodes", [3, 4, 5, 8])
def test_it_spreads_keys_evenly(nodes: int) -> None:
    ring = HashRing([f"s{number}" for number in range(1, nodes + 1)])

    shares = Counter(ring.owner(key) for key in KEYS)

    fair = len(KEYS) / nodes
    assert len(shares) == nodes
    assert all(abs(count - fair) <= TOLERANCE * fair for count in shares.values()), shares


def test_adding_a_fourth_shard_moves_a_quarter_of_the_keys_all_to_it() -> None:
    three = HashRing(["s1", "s2", "s3"])
    four = three.with_node("s4")

    moved = [key for key in KEYS if three.owner(key) != four.owner(key)]

    assert {four.owner(key) for key in moved} == {"s4"}
    assert len(moved) == sum(1 for key in KEYS if four.owner(key) == "s4")
    assert abs(len(moved) / len(KEYS) - 0.25) <= 0.25 * TOLERANCE


def test_removing_a_shard_moves_only_its_keys() -> None:
    four = HashRing(["s1", "s2", "s3", "s4"])
    three = four.without_node("s2")

    moved = {key for key in KEYS if four.owner(key) != three.owner(key)}

    assert moved == {key for key in KEYS if four.owner(key) == "s2"}


def test_the_order_of_the_names_does_not_matter() -> None:
    one, other = HashRing(["a", "b", "c"]), HashRing(["c", "a", "b"])

    assert all(one.owner(key) == other.owner(key) for key in KEYS)


def test_every_process_agrees_on_every_owner() -> None:
    program = (
        "from ops.sharding.ring import HashRing\n"
        "ring = HashRing(['s1', 's2', 's3'])\n"
        "print(''.join(ring.owner(key)[-1] for key in range(2000)))\n"
        "print(''.join(ring.owner(f'key-{key}')[-1] for key in range(2000)))\n"
    )
    here = HashRing(["s1", "s2", "s3"])
    expected = [
        "".join(here.owner(key)[-1] for key in range(2000)),
        "".join(here.owner(f"key-{key}")[-1] for key in range(2000)),
    ]

    # Two interpreters with different string-hash salts: hash() would disagree, BLAKE2b never.
    for seed in ("1", "2"):
        printed = subprocess.run(
            [sys.executable, "-c", program],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": seed, "PATH": ""},
            cwd=ROOT,
        ).stdout.split()

        assert printed == expected


def test_it_refuses_an_empty_ring() -> None:
    with pytest.raises(ValueError, match="at least one node"):
        HashRing([])
