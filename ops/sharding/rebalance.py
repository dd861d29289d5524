"""Moving the rows whose owner changed after a shard was added, removed or drained.

**What moves.**  The rebalancer does not need the previous ring: it asks
every database a sharded row can be in (the ring, the draining shards, and
``default``) which shard keys it holds (``SELECT DISTINCT key``, served by the
index the identity's unique constraint gives the key), and moves the rows of
every key whose owner is another database.  With a consistent-hash ring that
is exactly the rows whose owner changed: about ``1/n`` of them for a shard
added to ``n - 1``, only the removed shard's for a shard drained.  It also
picks up rows left on ``default`` from before sharding was switched on.

**How a batch moves** (up to ``batch_size`` rows of one source and target,
in primary-key order), in three short transactions on two databases:

1. *Copy, on the target*: for each row, merge it into the target's row of the
   same identity (adding the ``additive`` counters, since the flush may have
   started that row on its new shard already) or insert a copy, and record a
   ``MovedRow`` marker (source, source pk, values merged) — all in one
   transaction, so the marker exists exactly when the copy does.
2. *Delete, on the source*: lock the batch's rows and delete those whose
   counters are still the values that were merged.  A row a late writer
   changed in between is left in place, and its increase moves on the next
   run (the marker says how much was already merged).
3. *Forget, on the target*: delete the markers of the rows deleted.

**A crash** anywhere loses nothing and counts nothing twice.  Before 1
commits, nothing happened.  Between 1 and 2, the row is on both databases;
readers take each key from its owner only (``placement.owns``), so the
stale source copy is never added in, and a re-run finds the marker and
merges nothing again (only a difference, if the source row grew), then
deletes the source row.  Between 2 and 3, a marker outlives its row: harmless,
because primary keys are never reused (SQLite ``AUTOINCREMENT``, PostgreSQL
sequences), and the next run forgets it.

Two runs at once are safe but pointless: the marker is unique per source
row, so the second merge of a row fails on it and rolls back.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, connections, models, transaction
from django.db.models import F

from ops.sharding import placement
from ops.sharding.models import MovedRow
from ops.sharding.placement import ShardedBy

logger = logging.getLogger(__name__)

KEY_CHUNK = 500
"""Shard keys per ``IN (...)`` list when reading a source (bounded statements)."""

Progress = Callable[[str], None]
Route = tuple[str, str]
"""(source, target)."""


@dataclass
class Report:
    """What a run moved (or would move, dry): rows per (source, target)."""

    moved: Counter[Route] = field(default_factory=Counter)
    changed: int = 0
    """Rows a writer changed while they moved: their increase moves on the next run."""
    forgotten_markers: int = 0

    @property
    def total(self) -> int:
        return sum(self.moved.values())


def rebalance(
    *, batch_size: int = 1000, dry_run: bool = False, progress: Progress | None = None
) -> Report:
    """Move every misplaced row of every sharded model to its owner (or count them, dry)."""
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    if not placement.enabled():
        raise RuntimeError("Sharding is off (SHARD_DATABASES is empty): nothing to rebalance")
    say = progress or (lambda line: None)
    report = Report()
    for model in placement.sharded_models():
        label = model._meta.label_lower
        for source in sources(model):
            for target, keys in misplaced(model, source).items():
                if dry_run:
                    rows = sum(batch.count() for batch in rows_of_keys(model, source, keys))
                    report.moved[(source, target)] += rows
                    say(f"{label}: {source} → {target}: {rows} row(s) to move")
                    continue
                for moved, changed in move_keys(model, source, target, keys, batch_size):
                    report.moved[(source, target)] += moved
                    report.changed += changed
                    say(
                        f"{label}: {source} → {target}: {moved} row(s) moved "
                        f"({report.moved[(source, target)]} so far)"
                    )
    if not dry_run:
        report.forgotten_markers = forget_orphan_markers()
    return report


def sources(model: type[models.Model]) -> list[str]:
    """The databases that hold the model's table (default may not, on a fresh install)."""
    return [
        alias
        for alias in placement.scanned_databases()
        if model._meta.db_table in connections[alias].introspection.table_names()
    ]


def misplaced(model: type[models.Model], source: str) -> dict[str, list[Any]]:
    """The shard keys on ``source`` that another database owns, by owner."""
    keys = (
        model._default_manager.using(source)
        .order_by()
        .values_list(spec(model).key, flat=True)
        .distinct()
    )
    ring = placement.ring()
    return ring.owners(key for key in keys if key is not None and ring.owner(key) != source)


def spec(model: type[models.Model]) -> ShardedBy:
    found = placement.spec_of(model)
    if found is None:
        raise TypeError(f"{model._meta.label} is not sharded")
    return found


def rows_of_keys(
    model: type[models.Model], source: str, keys: Sequence[Any]
) -> Iterator[models.QuerySet[Any]]:
    key = spec(model).key
    for start in range(0, len(keys), KEY_CHUNK):
        chunk = keys[start : start + KEY_CHUNK]
        yield model._default_manager.using(source).filter(**{f"{key}__in": chunk})


def move_keys(
    model: type[models.Model], source: str, target: str, keys: Sequence[Any], batch_size: int
) -> Iterator[tuple[int, int]]:
    """Move the rows of ``keys`` from ``source`` to ``target`` in batches; (moved, changed) each."""
    for rows in rows_of_keys(model, source, keys):
        last = None
        while True:
            page = rows.order_by("pk")
            if last is not None:
                page = page.filter(pk__gt=last)
            batch = list(page[:batch_size])
            if not batch:
                break
            last = batch[-1].pk
            copy_to_target(model, source, target, batch)
            deleted, gone = delete_from_source(model, source, batch)
            forget_markers(model, source, target, [*deleted, *gone])
            yield len(deleted), len(batch) - len(deleted) - len(gone)


def copy_to_target(
    model: type[models.Model], source: str, target: str, batch: list[models.Model]
) -> None:
    """Step 1: merge ``batch`` into ``target`` and mark each row merged, in one transaction."""
    sharding = spec(model)
    label = model._meta.label_lower
    with transaction.atomic(using=target):
        markers = {
            marker.source_pk: marker
            for marker in MovedRow.objects.using(target)
            .select_for_update()
            .filter(model=label, source=source, source_pk__in=[row.pk for row in batch])
        }
        for row in batch:
            values = {name: getattr(row, name) for name in sharding.additive}
            marker = markers.get(row.pk)
            if marker is None:
                merge(model, target, row, values)
                MovedRow.objects.using(target).create(
                    model=label, source=source, source_pk=row.pk, merged=values
                )
                continue
            delta = {name: values[name] - marker.merged.get(name, 0) for name in values}
            if any(delta.values()):
                merge(model, target, row, delta)
                marker.merged = values
                marker.save(using=target, update_fields=["merged", "moved_at"])


def merge(model: type[models.Model], target: str, row: models.Model, delta: dict[str, Any]) -> None:
    """Add ``delta`` to the target's row with ``row``'s identity, or insert a copy holding it."""
    sharding = spec(model)
    same = model._default_manager.using(target).filter(
        **{name: getattr(row, name) for name in sharding.identity}
    )
    increase = {name: F(name) + value for name, value in delta.items()}
    if sharding.additive and same.update(**increase):
        return
    if not sharding.additive and same.exists():
        return  # an append-only row already copied
    copy = {
        field.attname: getattr(row, field.attname)
        for field in model._meta.concrete_fields
        if not field.primary_key
    }
    try:
        with transaction.atomic(using=target):
            model._default_manager.using(target).create(**{**copy, **delta})
    except IntegrityError:
        same.update(**increase)  # a writer created it a moment ago


def delete_from_source(
    model: type[models.Model], source: str, batch: list[models.Model]
) -> tuple[list[int], list[int]]:
    """Step 2: delete the rows still as they were copied; (deleted pks, pks already gone)."""
    additive = spec(model).additive
    with transaction.atomic(using=source):
        now = {
            row.pk: row
            for row in model._default_manager.using(source)
            .select_for_update()
            .filter(pk__in=[row.pk for row in batch])
        }
        unchanged = [
            row.pk
            for row in batch
            if row.pk in now
            and all(getattr(now[row.pk], name) == getattr(row, name) for name in additive)
        ]
        model._default_manager.using(source).filter(pk__in=unchanged).delete()
    return unchanged, [row.pk for row in batch if row.pk not in now]


def forget_markers(model: type[models.Model], source: str, target: str, pks: list[int]) -> None:
    """Step 3: the markers of rows no longer on ``source`` have done their job."""
    if pks:
        MovedRow.objects.using(target).filter(
            model=model._meta.label_lower, source=source, source_pk__in=pks
        ).delete()


def forget_orphan_markers() -> int:
    """Markers whose source row is gone (a crash between steps 2 and 3); how many went."""
    forgotten = 0
    configured = set(placement.scanned_databases())
    by_label = {model._meta.label_lower: model for model in placement.sharded_models()}
    for alias in configured:
        if MovedRow._meta.db_table not in connections[alias].introspection.table_names():
            continue
        markers = MovedRow.objects.using(alias)
        for label, source in markers.values_list("model", "source").distinct().order_by():
            model = by_label.get(label)
            if model is None or source not in configured:
                continue
            pks = list(
                markers.filter(model=label, source=source).values_list("source_pk", flat=True)
            )
            still = set(
                model._default_manager.using(source).filter(pk__in=pks).values_list("pk", flat=True)
            )
            gone = [pk for pk in pks if pk not in still]
            if gone:
                forgotten += markers.filter(
                    model=label, source=source, source_pk__in=gone
                ).delete()[0]
    return forgotten
