"""The database router for sharded models: each row on the shard that owns its key.

It answers only for models that declare ``sharding`` (``placement.ShardedBy``)
and only while sharding is on; for everything else it returns None, so the
next router in ``DATABASE_ROUTERS`` (read replicas) or Django's default
decides.  Put it first: a replica router that answered for a sharded model
would send its rows to ``default``'s replicas.

- **Reads and writes of a row** (``save()``, ``refresh_from_db()``) carry the
  instance as a hint: the row goes to ``shard_for(instance.<shard key>)``.
- **Querysets** carry no key, so the code pins them (``placement.rows_of``,
  ``rows_for_keys``, ``on_each_shard``).  An unpinned queryset of a sharded
  model raises ``ShardKeyRequired``: reading ``default`` instead would give
  a silently wrong answer.
- **Migrations**: on a shard, only the sharded models' tables (and this app's
  rebalancing markers) are created; every other model stays on ``default``
  alone.  ``default`` keeps everything, the sharded tables included (rows stay
  there with sharding off, and the rebalancer moves them out when it is on).
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import models

from ops.sharding import placement

MARKER_APP = "sharding"


class ShardKeyRequired(RuntimeError):
    """A sharded model was queried without saying which shard (or which key)."""


class ShardRouter:
    def db_for_read(self, model: type[models.Model], **hints: Any) -> str | None:
        return self.route(model, hints)

    def db_for_write(self, model: type[models.Model], **hints: Any) -> str | None:
        return self.route(model, hints)

    def route(self, model: type[models.Model], hints: dict[str, Any]) -> str | None:
        spec = placement.spec_of(model)
        if spec is None or not placement.enabled():
            return None
        instance = hints.get("instance")
        if isinstance(instance, model):
            key = getattr(instance, spec.key)
            if key is not None:
                return placement.shard_for(key)
        raise ShardKeyRequired(
            f"{model._meta.label} is sharded by {spec.key}: pin the query to a shard "
            "(ops.sharding.placement.rows_of / rows_for_keys / on_each_shard)"
        )

    def allow_relation(self, obj1: models.Model, obj2: models.Model, **hints: Any) -> bool | None:
        return None

    def allow_migrate(
        self, db: str, app_label: str, model_name: str | None = None, **hints: Any
    ) -> bool | None:
        if db not in placement.shard_aliases():
            return None
        if app_label == MARKER_APP:
            return True
        if model_name is None:  # RunPython / RunSQL: data of unsharded tables
            return False
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:  # a model since deleted: it was never sharded
            return False
        return placement.spec_of(model) is not None
