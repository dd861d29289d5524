"""Where a sharded model's rows live, and querysets on the right database.

A model is sharded by declaring ``sharding = ShardedBy(...)``: the field whose
value picks the shard (the *shard key*), the fields that identify a row
(unique together), and the counters that may be added up when two copies of
a row meet during a rebalance.  Nothing else about the model changes.

The configuration is read from the settings on every call (so tests and
``override_settings`` can change it); the ring built from it is memoised per
list of names, which is derived data, not state.

With sharding off (``SHARD_DATABASES`` empty) every helper here returns the
plain, unrouted queryset: the other routers (read replicas) decide as they
did before sharding existed.  With sharding on, the helpers pin a queryset to
a shard with ``.using()``, and a read or write that names no shard key is an
error (``router.ShardKeyRequired``) rather than a quiet read of ``default``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, models

from ops.sharding.ring import HashRing

M = TypeVar("M", bound=models.Model)
K = TypeVar("K")


@dataclass(frozen=True)
class ShardedBy:
    """How a model is sharded: by ``key``; rows are ``identity``; ``additive`` fields merge by +."""

    key: str
    identity: tuple[str, ...]
    additive: tuple[str, ...] = ()


def spec_of(model: type[models.Model]) -> ShardedBy | None:
    """The model's ``sharding`` declaration, if it has one (historical models never do)."""
    spec = getattr(model, "sharding", None)
    return spec if isinstance(spec, ShardedBy) else None


def sharded_models() -> list[type[models.Model]]:
    """Every installed model that declares ``sharding``, by label."""
    found = [model for model in apps.get_models() if spec_of(model) is not None]
    return sorted(found, key=lambda model: model._meta.label_lower)


# --- The configuration ----------------------------------------------------------


def ring_names() -> list[str]:
    """The shards on the ring (``SHARD_DATABASES``), empty when sharding is off."""
    return list(getattr(settings, "SHARD_DATABASES", []))


def draining_names() -> list[str]:
    """Shards being emptied (``SHARD_DRAINING_DATABASES``): read by the rebalancer, own nothing."""
    return list(getattr(settings, "SHARD_DRAINING_DATABASES", []))


def enabled() -> bool:
    return bool(ring_names())


@functools.cache
def ring_of(names: tuple[str, ...]) -> HashRing:
    return HashRing(names)


def ring() -> HashRing:
    """The ring of the configured shards (sharding must be on)."""
    names = ring_names()
    if not names:
        raise RuntimeError("Sharding is off: SHARD_DATABASES is empty")
    return ring_of(tuple(names))


def shard_aliases() -> list[str]:
    """Databases that hold only sharded tables: ring and draining shards other than default."""
    return [name for name in [*ring_names(), *draining_names()] if name != DEFAULT_DB_ALIAS]


def scanned_databases() -> list[str]:
    """Every database a sharded row may be in: the ring, the draining shards, and default."""
    names = [*ring_names(), *draining_names()]
    return names if DEFAULT_DB_ALIAS in names else [*names, DEFAULT_DB_ALIAS]


# --- Placing keys ---------------------------------------------------------------


def shard_for(key: object) -> str:
    """The database that owns ``key``: its shard, or ``default`` when sharding is off."""
    return ring().owner(key) if enabled() else DEFAULT_DB_ALIAS


def by_shard[K](keys: Iterable[K]) -> dict[str, list[K]]:
    """``keys`` grouped by the database that owns them."""
    keys = list(keys)
    return ring().owners(keys) if enabled() else ({DEFAULT_DB_ALIAS: keys} if keys else {})


def owns(alias: str | None, key: object) -> bool:
    """Whether the rows of ``key`` belong on ``alias`` (always, with sharding off)."""
    return not enabled() or shard_for(key) == alias


# --- Querysets ------------------------------------------------------------------


def rows_of[M: models.Model](model: type[M], key: object) -> models.QuerySet[M]:
    """The model's rows of shard key ``key``, on the shard that owns them."""
    spec = spec_of(model)
    if spec is None:
        raise TypeError(f"{model._meta.label} is not sharded")
    rows = on(model._default_manager.all(), shard_for(key) if enabled() else None)
    return rows.filter(**{spec.key: key})


def rows_for_keys[M: models.Model](
    model: type[M], keys: Iterable[Any]
) -> Iterator[models.QuerySet[M]]:
    """One queryset per shard, each for the keys it owns (none for an empty ``keys``)."""
    spec = spec_of(model)
    if spec is None:
        raise TypeError(f"{model._meta.label} is not sharded")
    for alias, owned in by_shard(keys).items():
        manager = model._default_manager.all()
        yield on(manager, alias if enabled() else None).filter(**{f"{spec.key}__in": owned})


def on_each_shard[M: models.Model](
    queryset: models.QuerySet[M],
) -> Iterator[tuple[str | None, models.QuerySet[M]]]:
    """``queryset`` on every shard of the ring (fan-out), or once, unrouted, with sharding off.

    A row found on a shard that does not own its key (a copy a rebalance has
    not deleted yet, or a row it has not moved yet) must not be counted: check
    ``owns(alias, key)`` when merging.
    """
    if not enabled():
        yield None, queryset
        return
    for alias in ring_names():
        yield alias, queryset.using(alias)


def on[M: models.Model](queryset: models.QuerySet[M], alias: str | None) -> models.QuerySet[M]:
    """``queryset`` pinned to ``alias``, or left to the routers when ``alias`` is None."""
    return queryset if alias is None else queryset.using(alias)
