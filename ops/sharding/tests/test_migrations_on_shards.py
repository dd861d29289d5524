"""A shard holds the sharded tables only; default keeps every table, the sharded ones included."""

from __future__ import annotations

from django.db import connections

from ops.sharding.tests.conftest import SHARDED_DB


@SHARDED_DB
def test_a_shard_holds_only_the_sharded_tables(shard_databases: list[str]) -> None:
    for alias in shard_databases:
        tables = set(connections[alias].introspection.table_names())

        assert tables == {"apikeys_keyusage", "sharding_movedrow", "django_migrations"}


@SHARDED_DB
def test_default_keeps_every_table(shard_databases: list[str]) -> None:
    tables = set(connections["default"].introspection.table_names())

    assert {"apikeys_keyusage", "apikeys_apikey", "auth_group", "sharding_movedrow"} <= tables
    # Kept by apikeys.0002 for the release still serving during that deploy, dropped by 0003.
    assert "apikeys_apikeyusage" not in tables
