"""Adding and draining shards on real databases: rows written by the flush, moved by the command.

Four shard databases of the run's engine (SQLite files, or PostgreSQL
databases on the test server: see conftest).  Every test writes usage through
the real path (``metering.record`` + ``metering.flush``), changes the ring,
runs ``manage.py rebalance_shards``, and checks what a partner and an
operator would: every row on its owner, the totals unchanged, exactly the
rows the ring predicts moved, and the quotas' reads the same as before.
"""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import connections
from pytest_django.fixtures import Settings

from ops.apikeys import queries
from ops.sharding import rebalance
from ops.sharding.models import MovedRow
from ops.sharding.ring import HashRing
from ops.sharding.tests.conftest import SHARDED_DB
from ops.sharding.tests.usage import NOW, misplaced, rows_by_database, totals, write_usage

pytestmark = SHARDED_DB


def run(*arguments: str) -> str:
    out = io.StringIO()
    call_command("rebalance_shards", *arguments, stdout=out)
    return out.getvalue()


def summary(output: str) -> dict[tuple[str, str], int]:
    """The per-route lines of the command's summary."""
    return {
        (source, target): int(rows.replace(",", ""))
        for source, target, rows in re.findall(r"^  (\w+) → (\w+): ([\d,]+)$", output, re.M)
    }


def predicted_moves(before: HashRing, after: HashRing) -> dict[tuple[str, str], int]:
    moves: dict[tuple[str, str], int] = {}
    for alias, rows in rows_by_database().items():
        for row in rows:
            assert before.owner(row[0]) == alias
            if after.owner(row[0]) != alias:
                route = (alias, after.owner(row[0]))
                moves[route] = moves.get(route, 0) + 1
    return moves


def test_the_flush_writes_each_key_on_its_shard(
    shard_databases: list[str], settings: Settings
) -> None:
    settings.SHARD_DATABASES = ["s1", "s2", "s3"]

    key_ids = write_usage(30)

    placed = rows_by_database()
    assert misplaced() == []
    assert placed["default"] == []
    assert placed["s4"] == []
    assert all(placed[shard] for shard in ["s1", "s2", "s3"])
    assert sum(len(rows) for rows in placed.values()) == 30 * 2 * 3
    assert (
        totals()["requests"]
        == sum(1 + (key_id + number) % 3 for key_id in key_ids for number in range(3)) * 2
    )


def test_adding_a_shard_moves_exactly_the_rows_the_ring_gives_it(
    shard_databases: list[str], settings: Settings
) -> None:
    settings.SHARD_DATABASES = ["s1", "s2", "s3"]
    key_ids = write_usage(40)
    before, used_before = totals(), queries.used(key_ids=key_ids, now=NOW)
    expected = predicted_moves(HashRing(["s1", "s2", "s3"]), HashRing(["s1", "s2", "s3", "s4"]))
    settings.SHARD_DATABASES = ["s1", "s2", "s3", "s4"]

    dry = run("--dry-run")
    assert summary(dry) == expected
    assert misplaced() != []  # the dry run moved nothing

    output = run("--batch-size", "7")

    assert summary(output) == expected
    assert {target for _, target in expected} == {"s4"}
    assert f"Moved {sum(expected.values())} row(s)" in output
    assert misplaced() == []
    assert totals() == before
    assert queries.used(key_ids=key_ids, now=NOW) == used_before
    assert "Moved 0 row(s)." in run()  # nothing left to do


def test_draining_a_shard_moves_only_its_rows(
    shard_databases: list[str], settings: Settings
) -> None:
    settings.SHARD_DATABASES = ["s1", "s2", "s3", "s4"]
    key_ids = write_usage(40)
    before, used_before = totals(), queries.used(key_ids=key_ids, now=NOW)
    untouched = {alias: rows_by_database()[alias] for alias in ["s1", "s3", "s4"]}
    expected = predicted_moves(HashRing(["s1", "s2", "s3", "s4"]), HashRing(["s1", "s3", "s4"]))
    settings.SHARD_DATABASES = ["s1", "s3", "s4"]
    settings.SHARD_DRAINING_DATABASES = ["s2"]

    output = run("--batch-size", "10")

    assert summary(output) == expected
    assert {source for source, _ in expected} == {"s2"}
    assert rows_by_database()["s2"] == []
    assert misplaced() == []
    assert totals() == before
    assert queries.used(key_ids=key_ids, now=NOW) == used_before
    for alias, rows in untouched.items():  # what stayed kept its values; only s2's rows arrived
        assert set(rows) <= set(rows_by_database()[alias])


def test_turning_sharding_on_moves_the_rows_off_default(
    shard_databases: list[str], settings: Settings
) -> None:
    settings.SHARD_DATABASES = []
    key_ids = write_usage(20)
    before, used_before = totals(), queries.used(key_ids=key_ids, now=NOW)
    assert len(rows_by_database()["default"]) == 20 * 2 * 3
    settings.SHARD_DATABASES = ["s1", "s2", "s3"]

    output = run()

    assert sum(summary(output).values()) == 20 * 2 * 3
    assert rows_by_database()["default"] == []
    assert misplaced() == []
    assert totals() == before
    assert queries.used(key_ids=key_ids, now=NOW) == used_before


def test_a_crash_between_copy_and_delete_loses_and_doubles_nothing(
    shard_databases: list[str], settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.SHARD_DATABASES = ["s1", "s2", "s3"]
    key_ids = write_usage(40)
    before, used_before = totals(), queries.used(key_ids=key_ids, now=NOW)
    rows = queries.usage_rows(key_ids=None, days=2, now=NOW)
    expected = predicted_moves(HashRing(["s1", "s2", "s3"]), HashRing(["s1", "s2", "s3", "s4"]))
    settings.SHARD_DATABASES = ["s1", "s2", "s3", "s4"]
    deletes = 0
    real_delete = rebalance.delete_from_source

    def crash_on_second_batch(*arguments: object) -> object:
        nonlocal deletes
        deletes += 1
        if deletes == 2:
            raise RuntimeError("killed after the copy, before the delete")
        return real_delete(*arguments)  # type: ignore[arg-type]

    monkeypatch.setattr(rebalance, "delete_from_source", crash_on_second_batch)
    with pytest.raises(RuntimeError, match="killed"):
        run("--batch-size", "5")
    monkeypatch.undo()

    # The second batch is on both databases now, yet no reader counts it twice: each key is
    # read from its owner only (whose figures grow as its rows arrive, docs/sharding.md).
    assert totals()["requests"] > before["requests"]
    during = queries.used(key_ids=key_ids, now=NOW)
    assert all(during[key].month <= used_before[key].month for key in key_ids)
    assert sum(row.requests for row in queries.usage_rows(key_ids=None, days=2, now=NOW)) <= sum(
        row.requests for row in rows
    )

    output = run("--batch-size", "5")

    moved = summary(output)
    assert sum(moved.values()) == sum(expected.values()) - 5  # the first batch moved before
    assert misplaced() == []
    assert totals() == before
    assert queries.used(key_ids=key_ids, now=NOW) == used_before
    assert queries.usage_rows(key_ids=None, days=2, now=NOW) == rows
    assert markers_left() == 0


def test_a_row_that_grows_while_it_moves_moves_its_growth_next_time(
    shard_databases: list[str], settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.SHARD_DATABASES = ["s1", "s2", "s3"]
    write_usage(20)
    before = totals()
    settings.SHARD_DATABASES = ["s1", "s2", "s3", "s4"]
    real_copy = rebalance.copy_to_target
    grown: list[int] = []

    def late_writer(model: type, source: str, target: str, batch: list) -> None:  # type: ignore[type-arg]
        real_copy(model, source, target, batch)
        if not grown:  # a process with the old ring adds to a row already copied
            row = batch[0]
            model.objects.using(source).filter(pk=row.pk).update(count=row.count + 5)
            grown.append(row.pk)

    monkeypatch.setattr(rebalance, "copy_to_target", late_writer)
    output = run()
    monkeypatch.undo()

    assert "1 row(s) changed while moving" in output
    assert "Moved 0 row(s)." not in run()
    assert misplaced() == []
    assert totals()["requests"] == before["requests"] + 5
    assert "Moved 0 row(s)." in run()


def test_it_refuses_to_run_without_shards(shard_databases: list[str], settings: Settings) -> None:
    settings.SHARD_DATABASES = []

    with pytest.raises(CommandError, match="Sharding is off"):
        run()


def markers_left() -> int:
    return sum(MovedRow.objects.using(alias).count() for alias in connections)
