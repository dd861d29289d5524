"""``ReplicaRouter``: reads of opted-in views go to a replica; everything else to the primary.

Django asks every router in ``DATABASE_ROUTERS`` in turn; this one answers only
where it must and otherwise returns None, so a router after it still decides
the rest.  It comes right after the shard router (``ops.sharding``), which
answers only for sharded models: their rows live on shards without replicas,
and this router never sees them.  It learns that a request has written from
``db_for_write``, which Django stops asking once a router before it has
answered, so a write of a sharded row alone does not pin the request to the
primary: it changed nothing a replica of ``default`` holds.

- ``db_for_read``: a replica only while the request may use one (a view opted
  in with ``replica_reads``, the client is not pinned to the primary, nothing
  has been written yet, no transaction is open on the primary) and a replica is
  usable (``ops.dbrouting.health``); the replica is chosen once per request,
  at random among the configured ones, so one page's reads see one snapshot
  history.  A row read from a replica and used afterwards (a related object,
  a save) is fetched from or written to the primary.
- ``db_for_write``: marks the request as having written (every later read of
  it uses the primary, and the middleware pins the client for a few seconds);
  a row read from a replica is written to the primary, never back to the replica.
- ``allow_relation``: rows of the primary and its replicas are the same rows.
- ``allow_migrate``: never on a replica (it follows the primary's WAL, migrations included).
"""

from __future__ import annotations

import random
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model

from ops.config.databases import is_replica_alias
from ops.dbrouting.health import PROCESS_HEALTH, ReplicaHealth
from ops.dbrouting.state import Routing, current
from ops.metrics.instruments import count_replica_fallback


class ReplicaRouter:
    def __init__(
        self,
        replicas: list[str] | None = None,
        health: ReplicaHealth | None = None,
        choose: random.Random | None = None,
    ) -> None:
        self.replicas = (
            [alias for alias in settings.DATABASES if is_replica_alias(alias)]
            if replicas is None
            else list(replicas)
        )
        self.health = health or PROCESS_HEALTH
        # Spreads readers over the replicas; nothing secret depends on it.
        self.random = choose or random.Random()  # noqa: S311
        self.aliases = {DEFAULT_DB_ALIAS, *self.replicas}

    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        state = current()
        if (
            self.replicas
            and state is not None
            and state.may_use_replica
            and not connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            replica = state.replica or self.choose_replica(state)
            if replica is not None:
                return replica
        return self.off_replica(hints)

    def db_for_write(self, model: type[Model], **hints: Any) -> str | None:
        state = current()
        if state is not None:
            state.wrote = True
        return self.off_replica(hints)

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        if obj1._state.db in self.aliases and obj2._state.db in self.aliases:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return False if is_replica_alias(db) else None

    def choose_replica(self, state: Routing) -> str | None:
        """The first usable replica, starting from a random one; None (and counted) if none is."""
        start = self.random.randrange(len(self.replicas))
        for alias in self.replicas[start:] + self.replicas[:start]:
            reason = self.health.unusable_because(alias)
            if reason is None:
                state.replica = alias
                return alias
            count_replica_fallback(alias, reason)
        state.fell_back = True
        return None

    def off_replica(self, hints: dict[str, Any]) -> str | None:
        """The primary for a row that came from a replica; otherwise no opinion."""
        instance = hints.get("instance")
        if instance is not None and is_replica_alias(getattr(instance._state, "db", "") or ""):
            return DEFAULT_DB_ALIAS
        return None
