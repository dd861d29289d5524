"""Four real shard databases next to the test database: SQLite files, or PostgreSQL databases.

The shards follow the run's engine: on the SQLite run they are four SQLite
files in a temporary directory; on the PostgreSQL run, four more databases on
the same test server (created here, dropped afterwards).  They are added to
Django's connections once per session, before any test's database set-up, and
migrated as shards (only the sharded tables and the rebalancer's markers): the
first one through the migrations, the others copied from it (a file copy, or
``CREATE DATABASE … TEMPLATE``), since walking every app's migration history
costs far more than the few tables a shard gets.
Tests use them with ``SHARDED_DB`` (transactional: the rebalancer commits on
several databases, and each test starts with every database empty again) and
choose the ring with the ``settings`` fixture.  Nothing is skipped: a server
that cannot create them fails the tests.
"""

from __future__ import annotations

import copy
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connections
from django.test import override_settings

SHARDS = ["s1", "s2", "s3", "s4"]
SHARDED_DB = pytest.mark.django_db(transaction=True, databases=["default", *SHARDS])


def shard_settings(name: str, tmp_dir: Any) -> dict[str, Any]:
    default = connections["default"].settings_dict
    entry = copy.deepcopy(default)
    if default["ENGINE"].endswith("sqlite3"):
        entry["NAME"] = str(tmp_dir / f"{name}.sqlite3")
    else:
        entry["NAME"] = f"{default['NAME']}_{name}"
    entry["TEST"] = {**entry.get("TEST", {}), "NAME": entry["NAME"]}
    return entry


def create_postgres_database(name: str, template: str | None = None) -> None:
    with connections["default"]._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(
            f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")
        )


def copy_migrated_shard(source: str, target: str, *, postgres: bool) -> None:
    """Make shard ``target`` a copy of the migrated shard ``source`` (closed first)."""
    connections[source].close()
    source_name, target_name = (connections.settings[n]["NAME"] for n in (source, target))
    if postgres:
        create_postgres_database(target_name, template=source_name)
    else:
        shutil.copyfile(source_name, target_name)


def drop_postgres_database(name: str) -> None:
    with connections["default"]._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


@pytest.fixture(scope="session")
def shard_databases(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[list[str]]:
    directory = tmp_path_factory.mktemp("shards")
    postgres = connections["default"].vendor == "postgresql"
    first, *others = SHARDS
    with django_db_blocker.unblock():
        for name in SHARDS:
            connections.settings[name] = shard_settings(name, directory)
        if postgres:
            create_postgres_database(connections.settings[first]["NAME"])
        with override_settings(SHARD_DATABASES=SHARDS, SHARD_DRAINING_DATABASES=[]):
            call_command("migrate", database=first, verbosity=0, interactive=False)
        for name in others:
            copy_migrated_shard(first, name, postgres=postgres)
    yield SHARDS
    with django_db_blocker.unblock():
        for name in SHARDS:
            database = connections.settings[name]["NAME"]
            connections[name].close()
            del connections[name]
            del connections.settings[name]
            if postgres:
                drop_postgres_database(database)


@pytest.fixture(scope="package", autouse=True)
def _shards_known_to_the_router() -> Iterator[None]:
    """Outside a test's own ring, every shard is on the ring: the transactional tests' flush
    after each test then emits post_migrate on the shards with the router refusing them the
    content types and permissions, as in production.  Tests pick their ring with ``settings``.
    """
    with override_settings(SHARD_DATABASES=SHARDS, SHARD_DRAINING_DATABASES=[]):
        yield
