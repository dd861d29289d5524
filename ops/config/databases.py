"""PostgreSQL connection handling and read replicas, from a few environment values.

How a process holds its PostgreSQL connections is one choice among three, made
by configuration only (docs/deployment.md, "Database connections"):

- **persistent connections** (the default): each process keeps one connection
  per database alias for ``CONN_MAX_AGE`` seconds, checked before reuse;
- **psycopg's pool** (``pool_max_size`` > 0): Django's built-in pooling
  (``OPTIONS["pool"]``), a ``psycopg_pool.ConnectionPool`` per alias and
  process; Django requires ``CONN_MAX_AGE = 0`` with it, so asking for both is
  refused rather than silently resolved;
- **pgbouncer in transaction mode** (``pgbouncer``): the connection is to
  pgbouncer, which lends a server connection per transaction, so nothing may
  outlive a transaction on the server: Django's server-side cursors are off
  (``DISABLE_SERVER_SIDE_CURSORS``) and psycopg never prepares statements
  (``prepare_threshold=None``).  It combines with either of the above.

Read replicas (``replica_databases``) become aliases ``replica_0`` …
``replica_N`` with the primary's options and a short connect timeout, so a dead
replica costs a request at most that long before ``ops.dbrouting`` falls back
to the primary.  In test runs they mirror ``default`` (Django creates no test
database for them).

Every value is checked here and a bad one raises ``ValueError`` with a message
naming the variable; the settings module turns it into ``ImproperlyConfigured``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import environ

POSTGRESQL = "django.db.backends.postgresql"
REPLICA_PREFIX = "replica_"
MAX_POOL_SIZE = 100


@dataclass(frozen=True)
class PostgresConnections:
    """How every process connects to PostgreSQL (the same for the primary and the replicas)."""

    statement_timeout_ms: int
    conn_max_age: int | None = None
    pool_max_size: int = 0
    pool_min_size: int = 1
    pool_timeout_seconds: float = 5.0
    pgbouncer: bool = False
    connect_timeout_seconds: int = 5

    def __post_init__(self) -> None:
        if self.statement_timeout_ms <= 0:
            raise ValueError("DATABASE_STATEMENT_TIMEOUT_MS must be a positive number of ms")
        if self.conn_max_age is not None and self.conn_max_age < 0:
            raise ValueError(
                f"DATABASE_CONN_MAX_AGE must be 0 (close after each request) or more seconds, "
                f"got {self.conn_max_age}"
            )
        if not 0 <= self.pool_max_size <= MAX_POOL_SIZE:
            raise ValueError(
                f"DATABASE_POOL_MAX_SIZE must be 0 (no pool) to {MAX_POOL_SIZE}, "
                f"got {self.pool_max_size}"
            )
        if self.pool_max_size:
            if not 0 <= self.pool_min_size <= self.pool_max_size:
                raise ValueError(
                    f"DATABASE_POOL_MIN_SIZE must be between 0 and DATABASE_POOL_MAX_SIZE "
                    f"({self.pool_max_size}), got {self.pool_min_size}"
                )
            if not 0 < self.pool_timeout_seconds <= 60:
                raise ValueError(
                    "DATABASE_POOL_TIMEOUT_SECONDS must be more than 0 and at most 60, "
                    f"got {self.pool_timeout_seconds}"
                )
            if self.conn_max_age:
                raise ValueError(
                    "DATABASE_POOL_MAX_SIZE and DATABASE_CONN_MAX_AGE exclude each other: "
                    "the pool keeps the connections, so leave DATABASE_CONN_MAX_AGE unset (or 0)"
                )
        if not 1 <= self.connect_timeout_seconds <= 60:
            raise ValueError("a connect timeout must be between 1 and 60 seconds")

    @property
    def pooled(self) -> bool:
        return self.pool_max_size > 0

    def apply(self, database: dict[str, Any], *, connect_timeout: int | None = None) -> None:
        """Set ``database``'s (a ``DATABASES`` entry for PostgreSQL) options accordingly."""
        options = database.setdefault("OPTIONS", {})
        options.setdefault("options", f"-c statement_timeout={self.statement_timeout_ms}")
        if connect_timeout is None:
            options.setdefault("connect_timeout", self.connect_timeout_seconds)
        else:
            options["connect_timeout"] = connect_timeout
        database["CONN_HEALTH_CHECKS"] = True
        if self.pooled:
            database["CONN_MAX_AGE"] = 0
            options["pool"] = {
                "min_size": self.pool_min_size,
                "max_size": self.pool_max_size,
                "timeout": self.pool_timeout_seconds,
                # Replace connections now and then, so a failover or a DNS change is followed.
                "max_lifetime": 1800.0,
                "max_idle": 300.0,
            }
        else:
            database["CONN_MAX_AGE"] = 60 if self.conn_max_age is None else self.conn_max_age
        if self.pgbouncer:
            database["DISABLE_SERVER_SIDE_CURSORS"] = True
            options["prepare_threshold"] = None


def replica_alias(index: int) -> str:
    return f"{REPLICA_PREFIX}{index}"


def is_replica_alias(alias: str) -> bool:
    return alias.startswith(REPLICA_PREFIX)


def replica_databases(
    urls: Sequence[str],
    *,
    primary: dict[str, Any],
    connections: PostgresConnections,
    connect_timeout_seconds: int,
) -> dict[str, dict[str, Any]]:
    """``DATABASES`` entries ``replica_0`` … for ``urls`` (PostgreSQL URLs, in order).

    >>> primary = {"ENGINE": POSTGRESQL, "NAME": "news"}
    >>> replicas = replica_databases(
    ...     ["postgres://u:p@10.0.0.7:5432/news"], primary=primary,
    ...     connections=PostgresConnections(statement_timeout_ms=1000),
    ...     connect_timeout_seconds=2)
    >>> replicas["replica_0"]["HOST"], replicas["replica_0"]["OPTIONS"]["connect_timeout"]
    ('10.0.0.7', 2)
    >>> replicas["replica_0"]["TEST"]
    {'MIRROR': 'default'}
    """
    if urls and primary["ENGINE"] != POSTGRESQL:
        raise ValueError("DATABASE_REPLICA_URLS needs DATABASE_URL to be PostgreSQL too")
    if not 1 <= connect_timeout_seconds <= 60:
        raise ValueError(
            "DATABASE_REPLICA_CONNECT_TIMEOUT_SECONDS must be between 1 and 60, "
            f"got {connect_timeout_seconds}"
        )
    replicas: dict[str, dict[str, Any]] = {}
    for index, url in enumerate(urls):
        try:
            database = environ.Env.db_url_config(url)
        except Exception:  # its message could echo the password
            raise ValueError(
                f"DATABASE_REPLICA_URLS entry {index + 1} is not a database URL"
            ) from None
        if database.get("ENGINE") != POSTGRESQL or not database.get("NAME"):
            raise ValueError(
                f"DATABASE_REPLICA_URLS entry {index + 1} must be a postgres:// URL with a "
                "database name"
            )
        connections.apply(database, connect_timeout=connect_timeout_seconds)
        database["TEST"] = {"MIRROR": "default"}
        replicas[replica_alias(index)] = database
    return replicas


def split_urls(raw: str) -> list[str]:
    """A comma-separated list of URLs, blanks dropped.

    >>> split_urls(" postgres://a/x, ,postgres://b/x ")
    ['postgres://a/x', 'postgres://b/x']
    """
    return [part.strip() for part in raw.split(",") if part.strip()]
