"""Fixtures for the multi-process suites: a database of their own that separate processes can share.

The pytest process's test database is out of reach of other processes
(in memory on SQLite, or inside a transaction), so each test gets a fresh one:
a SQLite file under tmp_path, or, when the run is on PostgreSQL
(``DATABASE_URL`` points at a server, as in ``make test-postgres``), a new
database on that same server, dropped afterwards.

Likewise ``collected_static`` runs ``collectstatic`` once per session (its
output depends on the code alone) and ``copy_static`` hard-links it into a
test's ``STATIC_ROOT``; ``tests/system/test_web_process.py`` still runs the
command itself, as a deploy does.

Each fresh database is a copy of one migrated once per session (a file copy on
SQLite, ``CREATE DATABASE … TEMPLATE`` on PostgreSQL): running every migration
for each of a dozen tests cost more than the tests themselves.  Tests still run
``manage.py migrate`` first, as a deploy would; on the copy it has nothing to do.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tests.system.processes import manage, process_env

POSTGRES_SCHEMES = ("postgres://", "postgresql://", "pgsql://")


def _postgres_server() -> str | None:
    """``postgresql://…`` without the database name when this run is on PostgreSQL, else None."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(POSTGRES_SCHEMES):
        return None
    server, _, _ = url.rpartition("/")
    return server.replace("postgres://", "postgresql://", 1).replace("pgsql://", "postgresql://", 1)


def _admin(server: str, sql: str) -> None:
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(sql)  # names made here, never from input


def _checkpoint(path: Path) -> None:
    """Fold the write-ahead log into the file itself, so that a copy of the file is whole."""
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _migrate(workdir: Path, database_url: str) -> None:
    manage(process_env(workdir, database_url), "migrate", "--noinput", timeout=300)


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database migrated once for the session: a SQLite file's path, or a PostgreSQL name."""
    workdir = tmp_path_factory.mktemp("migrated-template")
    server = _postgres_server()
    if server is None:
        path = workdir / "db.sqlite3"
        _migrate(workdir, f"sqlite:///{path}")
        _checkpoint(path)
        yield str(path)
        return
    name = f"newsbudget_template_{secrets.token_hex(4)}"
    _admin(server, f'CREATE DATABASE "{name}"')
    try:
        _migrate(workdir, f"{server}/{name}")
        yield name
    finally:
        _admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def process_database_url(tmp_path: Path, migrated_template: str) -> Iterator[str]:
    server = _postgres_server()
    if server is None:
        path = tmp_path / "db.sqlite3"
        shutil.copyfile(migrated_template, path)
        yield f"sqlite:///{path}"
        return
    name = f"newsbudget_system_{secrets.token_hex(4)}"
    _admin(server, f'CREATE DATABASE "{name}" TEMPLATE "{migrated_template}"')
    try:
        yield f"{server}/{name}"
    finally:
        _admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``collectstatic``'s output (manifest, hashed and compressed files), made once."""
    workdir = tmp_path_factory.mktemp("collected-static")
    env = process_env(workdir, f"sqlite:///{workdir / 'db.sqlite3'}")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    return Path(env["STATIC_ROOT"])


def copy_static(collected: Path, env: dict[str, str]) -> None:
    """Give the processes of ``env`` the collected static files (hard links: no copying)."""
    shutil.copytree(collected, env["STATIC_ROOT"], copy_function=os.link, dirs_exist_ok=True)
