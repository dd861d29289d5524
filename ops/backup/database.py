"""Snapshots of the database, and restores, for each engine.

- **SQLite**: the online backup API (``sqlite3.Connection.backup``) copies the
  live database page by page into a new file — consistent even while other
  processes write — and a restore copies a snapshot back over the live
  database the same way.
- **PostgreSQL**: ``pg_dump`` in custom format, run against a snapshot this
  process exported from a ``REPEATABLE READ`` transaction, in which the
  fingerprint and the migration state are read too: the dump, the fingerprint
  and the migrations describe the very same moment.  A restore is
  ``pg_restore --clean --if-exists --single-transaction``: the old data stays
  until the new is complete.  ``--clean`` replaces only what the dump has, so
  tables a newer release created since the backup (an older backup restored)
  would stay, unrecorded in ``django_migrations``, and ``migrate`` would then
  fail on them: the restore drops every table of the schema that the dump
  does not list.  The server's address and password reach the tools through
  ``PG*`` environment variables, never their command line.

``pg_dump``/``pg_restore`` must be at least the server's version:
``BACKUP_PG_BINDIR`` names their directory when ``PATH``'s are older.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connections, transaction
from django.db.utils import load_backend

from ops.backup.fingerprint import database_fingerprint

Say = Callable[[str], None]
SNAPSHOT_ALIAS = "backup_snapshot"
# The scratch database's name goes into CREATE/DROP DATABASE, which take no parameters.
SAFE_DATABASE_NAME = re.compile(r"[a-z0-9_]{1,63}")
SQLITE_PAGES_PER_STEP = 4096


@dataclass(frozen=True)
class Snapshot:
    path: Path
    fingerprint: dict[str, dict[str, Any]]
    migrations: list[list[str]]


def vendor(using: str = "default") -> str:
    return connections[using].vendor


def describe_target() -> str:
    """Which database a restore would overwrite, without its password."""
    config = connections["default"].settings_dict
    if vendor() == "sqlite":
        return str(config["NAME"])
    return f"{config['NAME']} on {config.get('HOST') or 'localhost'}:{config.get('PORT') or 5432}"


def applied_migrations(using: str) -> list[list[str]]:
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        return [[app, name] for app, name in cursor.fetchall()]


def snapshot(directory: Path, say: Say) -> Snapshot:
    """Write a consistent snapshot of the default database into ``directory``."""
    if vendor() == "sqlite":
        return sqlite_snapshot(directory / "database.sqlite3", say)
    if vendor() == "postgresql":
        return postgres_snapshot(directory / "database.dump", say)
    raise CommandError(f"Backups support SQLite and PostgreSQL, not {vendor()}")


# --- SQLite -----------------------------------------------------------------


def sqlite_copy(source: sqlite3.Connection, target: sqlite3.Connection, say: Say) -> None:
    def progress(status: int, remaining: int, total: int) -> None:
        if total > SQLITE_PAGES_PER_STEP:
            say(f"  copied {total - remaining} of {total} pages")

    source.backup(target, pages=SQLITE_PAGES_PER_STEP, progress=progress)


def sqlite_snapshot(path: Path, say: Say) -> Snapshot:
    live = connections["default"]
    live.ensure_connection()
    target = sqlite3.connect(path)
    try:
        sqlite_copy(live.connection, target, say)
    finally:
        target.close()
    with database_alias(path) as alias:
        return Snapshot(path, database_fingerprint(alias), applied_migrations(alias))


def sqlite_restore(path: Path, say: Say) -> None:
    live = connections["default"]
    live.close()
    live.ensure_connection()
    source = sqlite3.connect(path)
    try:
        sqlite_copy(source, live.connection, say)
    finally:
        source.close()
        live.close()


@contextlib.contextmanager
def database_alias(name: str | Path) -> Iterator[str]:
    """A temporary alias for another database on the default's server (or another SQLite file).

    The connection is made here and handed to ``connections`` directly, not
    added to the configured databases: it exists for this block only.
    """
    config = {**connections["default"].settings_dict, "NAME": str(name)}
    wrapper = load_backend(config["ENGINE"]).DatabaseWrapper(config, SNAPSHOT_ALIAS)
    connections[SNAPSHOT_ALIAS] = wrapper
    try:
        yield SNAPSHOT_ALIAS
    finally:
        wrapper.close()
        del connections[SNAPSHOT_ALIAS]


# --- PostgreSQL -------------------------------------------------------------


def pg_tool(name: str) -> str:
    directory = settings.BACKUP_PG_BINDIR
    found = str(Path(directory) / name) if directory else shutil.which(name)
    if not found or not Path(found).exists():
        raise CommandError(
            f"{name} was not found; install PostgreSQL's client tools or set BACKUP_PG_BINDIR"
        )
    return found


def pg_environment(database: str | None = None) -> dict[str, str]:
    """libpq's variables for the default database (or ``database`` on the same server)."""
    config = connections["default"].settings_dict
    variables = {
        "PGHOST": config.get("HOST") or "",
        "PGPORT": str(config.get("PORT") or ""),
        "PGUSER": config.get("USER") or "",
        "PGPASSWORD": config.get("PASSWORD") or "",
        "PGDATABASE": database or config["NAME"],
        "PGCONNECT_TIMEOUT": "10",
    }
    return {**os.environ, **{key: value for key, value in variables.items() if value}}


def run_tool(argv: list[str], env: dict[str, str], what: str) -> None:
    # argv is built here from settings and our own paths; no shell is involved.
    result = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode:
        raise CommandError(f"{what} failed ({result.returncode}): {result.stderr.strip()}")


def postgres_snapshot(path: Path, say: Say) -> Snapshot:
    with transaction.atomic(), connections["default"].cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        (exported,) = cursor.fetchone()
        say("  pg_dump (custom format) …")
        argv = [pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
                f"--snapshot={exported}", f"--file={path}"]  # fmt: skip
        run_tool(argv, pg_environment(), "pg_dump")
        say("  fingerprinting the same snapshot …")
        return Snapshot(path, database_fingerprint("default"), applied_migrations("default"))


def postgres_restore(path: Path, say: Say) -> None:
    connections.close_all()
    argv = [pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
            "--single-transaction", "--exit-on-error", f"--dbname={pg_environment()['PGDATABASE']}",
            str(path)]  # fmt: skip
    run_tool(argv, pg_environment(), "pg_restore")
    dropped = drop_tables_not_in_dump(path)
    if dropped:
        say(f"  dropped {len(dropped)} table(s) the backup does not have: {', '.join(dropped)}")


# A table's line in ``pg_restore --list``: "<id>; <oid> <oid> TABLE <schema> <name> <owner>".
DUMP_TABLE = re.compile(r"^\d+; \d+ \d+ TABLE (?P<schema>\S+) (?P<name>\S+) ")


def tables_in_dump(path: Path) -> set[str]:
    """The names of the tables the custom-format dump at ``path`` holds."""
    argv = [pg_tool("pg_restore"), "--list", str(path)]
    # argv is built here from settings and our own path; no shell is involved.
    listing = subprocess.run(argv, capture_output=True, text=True, check=False)  # noqa: S603
    if listing.returncode:
        raise CommandError(f"pg_restore --list failed: {listing.stderr.strip()}")
    return {
        match["name"]
        for match in map(DUMP_TABLE.match, listing.stdout.splitlines())
        if match and match["schema"] == "public"
    }


def drop_tables_not_in_dump(path: Path) -> list[str]:
    """Drop the schema's tables the dump lacks (made by migrations newer than the backup)."""
    keep = tables_in_dump(path)
    connection = connections["default"]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        extra = sorted(name for (name,) in cursor.fetchall() if name not in keep)
        for name in extra:  # names from the catalogue, quoted as identifiers
            cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(name)} CASCADE")
    return extra


def restore(path: Path, say: Say) -> None:
    """Replace the default database's contents with the snapshot at ``path``."""
    if vendor() == "sqlite":
        sqlite_restore(path, say)
    else:
        postgres_restore(path, say)


@contextlib.contextmanager
def scratch_copy(path: Path, say: Say) -> Iterator[str]:
    """The snapshot at ``path`` restored into a scratch database; yields its alias."""
    if vendor() == "sqlite":
        with database_alias(path) as alias:
            yield alias
        return
    name = f"{connections['default'].settings_dict['NAME']}_verify_{os.getpid()}"
    if not SAFE_DATABASE_NAME.fullmatch(name):
        raise CommandError(f"Cannot make a scratch database named after {name!r}: use [a-z0-9_]")
    with connections["default"].cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        say(f"  pg_restore into the scratch database {name} …")
        argv = [pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error",
                f"--dbname={name}", str(path)]  # fmt: skip
        run_tool(argv, pg_environment(name), "pg_restore")
        with database_alias(name) as alias:
            yield alias
    finally:
        with connections["default"].cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
