"""Fixtures for the multi-process suites: a database of their own that separate processes can share.

The pytest process's test database is out of reach of other processes
(in memory on SQLite, or inside a transaction), so each test gets a fresh one:
a SQLite file under tmp_path, or, when the run is on PostgreSQL
(``DATABASE_URL`` points at a server, as in ``make test-postgres``), a new
database on that same server, dropped afterwards.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest


@pytest.fixture
def process_database_url(tmp_path: Path) -> Iterator[str]:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://", "pgsql://")):
        yield f"sqlite:///{tmp_path / 'db.sqlite3'}"
        return
    server, _, _ = url.rpartition("/")
    name = f"newsbudget_system_{secrets.token_hex(4)}"
    admin_url = server.replace("postgres://", "postgresql://", 1) + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server}/{name}"
    finally:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
