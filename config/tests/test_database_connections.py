"""PostgreSQL connections and read replicas come from the environment, and bad values stop start-up.

Each case loads the settings in a fresh interpreter (settings are read once per
process); only the settings module is imported, nothing connects.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from config.tests.fresh_process import run_django

PRIMARY = "postgres://news:pw@db.internal:5432/newsbudget"  # pragma: allowlist secret
REPLICA_1 = "postgres://news:pw@r1.internal/newsbudget"  # pragma: allowlist secret
REPLICA_2 = "postgres://news:pw@r2.internal:6432/newsbudget"  # pragma: allowlist secret
# Refused URLs carry a password that no message may echo.
SECRET_REPLICA = "postgres://u:hunter2@r1/newsbudget"  # pragma: allowlist secret
SECRET_MYSQL = "mysql://u:hunter2@h/db"  # pragma: allowlist secret
PRINT_DATABASES = (
    "import json; from django.conf import settings;"
    "print(json.dumps({'databases': settings.DATABASES, 'routers': settings.DATABASE_ROUTERS,"
    " 'lag': settings.DATABASE_REPLICA_MAX_LAG_SECONDS,"
    " 'pin': settings.DATABASE_PRIMARY_AFTER_WRITE_SECONDS}, default=str))"
)


def load(tmp_path: Path, **environment: str) -> subprocess.CompletedProcess[str]:
    return run_django(tmp_path, PRINT_DATABASES, **environment)


def loaded(tmp_path: Path, **environment: str) -> dict[str, Any]:
    result = load(tmp_path, **environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_persistent_connections_are_the_default(tmp_path: Path) -> None:
    default = loaded(tmp_path, DATABASE_URL=PRIMARY)["databases"]["default"]

    assert default["CONN_MAX_AGE"] == 60
    assert default["CONN_HEALTH_CHECKS"] is True
    assert "pool" not in default["OPTIONS"]
    assert "DISABLE_SERVER_SIDE_CURSORS" not in default


def test_it_uses_psycopgs_pool_when_given_a_size(tmp_path: Path) -> None:
    default = loaded(
        tmp_path, DATABASE_URL=PRIMARY, DATABASE_POOL_MAX_SIZE="8",
        DATABASE_POOL_MIN_SIZE="2", DATABASE_POOL_TIMEOUT_SECONDS="3",
    )["databases"]["default"]  # fmt: skip

    assert default["CONN_MAX_AGE"] == 0  # Django's pool requires it
    assert default["OPTIONS"]["pool"]["min_size"] == 2
    assert default["OPTIONS"]["pool"]["max_size"] == 8
    assert default["OPTIONS"]["pool"]["timeout"] == 3.0


def test_pgbouncer_mode_turns_off_server_side_cursors_and_prepared_statements(
    tmp_path: Path,
) -> None:
    default = loaded(tmp_path, DATABASE_URL=PRIMARY, DATABASE_PGBOUNCER="true")["databases"][
        "default"
    ]

    assert default["DISABLE_SERVER_SIDE_CURSORS"] is True
    assert default["OPTIONS"]["prepare_threshold"] is None
    assert default["CONN_MAX_AGE"] == 60  # persistent connections to pgbouncer are cheap


def test_replica_urls_add_replica_aliases_that_are_never_test_databases(tmp_path: Path) -> None:
    settings = loaded(
        tmp_path,
        DATABASE_URL=PRIMARY,
        DATABASE_REPLICA_URLS=f"{REPLICA_1}, {REPLICA_2}",
        DATABASE_REPLICA_CONNECT_TIMEOUT_SECONDS="3",
        DATABASE_POOL_MAX_SIZE="4",
    )
    databases = settings["databases"]

    assert sorted(databases) == ["default", "replica_0", "replica_1"]
    assert databases["replica_0"]["HOST"] == "r1.internal"
    assert databases["replica_1"]["PORT"] == 6432
    for alias in ("replica_0", "replica_1"):
        assert databases[alias]["OPTIONS"]["connect_timeout"] == 3
        assert databases[alias]["OPTIONS"]["pool"]["max_size"] == 4
        assert "statement_timeout=15000" in databases[alias]["OPTIONS"]["options"]
        assert databases[alias]["TEST"] == {"MIRROR": "default"}
    assert databases["default"]["OPTIONS"]["connect_timeout"] == 5
    # After the shard router, which answers for sharded models only.
    assert settings["routers"] == [
        "ops.sharding.router.ShardRouter",
        "ops.dbrouting.routers.ReplicaRouter",
    ]


def test_no_replica_urls_means_no_replicas(tmp_path: Path) -> None:
    assert list(loaded(tmp_path, DATABASE_REPLICA_URLS="")["databases"]) == ["default"]


@pytest.mark.parametrize(
    ("environment", "complaint"),
    [
        ({"DATABASE_POOL_MAX_SIZE": "lots"}, "DATABASE_POOL_MAX_SIZE has an invalid value"),
        ({"DATABASE_POOL_MAX_SIZE": "-1"}, "DATABASE_POOL_MAX_SIZE must be 0 (no pool) to 100"),
        ({"DATABASE_POOL_MAX_SIZE": "4", "DATABASE_POOL_MIN_SIZE": "5"}, "DATABASE_POOL_MIN_SIZE"),
        ({"DATABASE_POOL_MAX_SIZE": "4", "DATABASE_POOL_TIMEOUT_SECONDS": "0"}, "TIMEOUT_SECONDS"),
        (
            {"DATABASE_POOL_MAX_SIZE": "4", "DATABASE_CONN_MAX_AGE": "60"},
            "DATABASE_POOL_MAX_SIZE and DATABASE_CONN_MAX_AGE exclude each other",
        ),
        ({"DATABASE_CONN_MAX_AGE": "-5"}, "DATABASE_CONN_MAX_AGE must be 0"),
        ({"DATABASE_PGBOUNCER": "maybe"}, "DATABASE_PGBOUNCER must be one of"),
        ({"DATABASE_REPLICA_URLS": SECRET_MYSQL}, "entry 1 must be a postgres://"),
        (
            {"DATABASE_REPLICA_URLS": f"{SECRET_REPLICA},bogus"},
            "DATABASE_REPLICA_URLS entry 2",
        ),
        (
            {
                "DATABASE_REPLICA_URLS": SECRET_REPLICA,
                "DATABASE_REPLICA_CONNECT_TIMEOUT_SECONDS": "0",
            },
            "DATABASE_REPLICA_CONNECT_TIMEOUT_SECONDS must be between 1 and 60",
        ),
        ({"DATABASE_REPLICA_MAX_LAG_SECONDS": "0"}, "DATABASE_REPLICA_MAX_LAG_SECONDS must be"),
        ({"DATABASE_PRIMARY_AFTER_WRITE_SECONDS": "-1"}, "DATABASE_PRIMARY_AFTER_WRITE_SECONDS"),
    ],
)
def test_it_refuses_bad_values_and_says_which(
    tmp_path: Path, environment: dict[str, str], complaint: str
) -> None:
    result = load(tmp_path, DATABASE_URL=PRIMARY, **environment)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert complaint in result.stderr
    assert "hunter2" not in result.stderr


def test_replicas_need_a_postgresql_primary(tmp_path: Path) -> None:
    result = load(tmp_path, DATABASE_REPLICA_URLS=SECRET_REPLICA)

    assert result.returncode != 0
    assert "DATABASE_REPLICA_URLS needs DATABASE_URL to be PostgreSQL too" in result.stderr
    assert "hunter2" not in result.stderr
