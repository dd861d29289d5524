"""The readiness checks: can this node serve requests right now, and if not, why.

Each check answers in bounded time and never raises: a failure is a result.

- ``database``: a ``SELECT 1`` (under a 2-second statement timeout on
  PostgreSQL; the connect timeout is the settings' 5 seconds);
- ``migrations``: every migration in the code is recorded as applied — a
  node whose code expects a column the database lacks is not ready.  The
  migration files are read once per process; each check is one query;
- ``cache`` (advisory): a value written to the shared cache reads back;
- ``task_queue`` (advisory): the oldest due task has waited less than
  ``READINESS_MAX_TASK_LAG_SECONDS`` (0 turns the check off);
- ``disk``: every directory the node writes to (the SQLite database, the
  filesystem storages: media and private files, a diskcache) has at least
  ``READINESS_MIN_FREE_DISK_MB`` free.
"""

from __future__ import annotations

import contextlib
import secrets
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache as memoize
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage, storages
from django.db import DatabaseError, connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from ops.telemetry.queue import queue_state

READINESS_STATEMENT_TIMEOUT_MS = 2000
# Shared dependencies the site serves without: failing, they make a node "degraded", not unready.
ADVISORY_CHECKS = frozenset({"cache", "task_queue"})
CACHE_PROBE_KEY = "readiness-probe"


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    detail: str
    ms: float

    def as_dict(self, *, with_detail: bool) -> dict[str, object]:
        if not with_detail:
            return {"ok": self.ok}
        return {"ok": self.ok, "detail": self.detail, "ms": round(self.ms, 2)}


def timed(name: str, check: Callable[[], tuple[bool, str]]) -> CheckResult:
    """Run ``check``; an exception is a failed check whose detail names it."""
    began = time.perf_counter()
    try:
        ok, detail = check()
    except Exception as error:
        ok, detail = False, f"{type(error).__name__}: {error}"
    return CheckResult(name, ok, detail[:300], (time.perf_counter() - began) * 1000)


def bounded_statement_time() -> None:
    """Within the current transaction, give up on a statement after a short time (PostgreSQL)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL statement_timeout = {READINESS_STATEMENT_TIMEOUT_MS}")


def check_database() -> tuple[bool, str]:
    with transaction.atomic():
        bounded_statement_time()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    return True, f"{connection.vendor} answered"


@memoize
def migrations_in_code() -> dict[tuple[str, str], frozenset[tuple[str, str]]]:
    """Each migration the code holds, with the migrations it replaces (if it is a squash)."""
    loader = MigrationLoader(None, ignore_no_migrations=True, replace_migrations=False)
    return {
        key: frozenset(tuple(replaced) for replaced in getattr(migration, "replaces", []) or [])
        for key, migration in loader.disk_migrations.items()
    }


def check_migrations() -> tuple[bool, str]:
    with transaction.atomic():
        bounded_statement_time()
        applied = set(MigrationRecorder(connection).applied_migrations())
    missing = [
        f"{app}.{name}"
        for (app, name), replaces in migrations_in_code().items()
        if (app, name) not in applied and not (replaces and replaces <= applied)
    ]
    if missing:
        shown = ", ".join(sorted(missing)[:5])
        return False, f"{len(missing)} migration(s) not applied: {shown}"
    return True, f"{len(applied)} applied"


def check_cache() -> tuple[bool, str]:
    token = secrets.token_hex(8)
    cache.set(CACHE_PROBE_KEY, token, 30)
    if cache.get(CACHE_PROBE_KEY) != token:
        return False, "a value written to the cache did not read back"
    return True, "read back what it wrote"


def check_task_queue() -> tuple[bool, str]:
    limit = settings.READINESS_MAX_TASK_LAG_SECONDS
    now = timezone.now()
    with transaction.atomic():
        bounded_statement_time()
        state = queue_state(now)
    if state is None:
        return True, "no database task queue"
    lag = state.lag_seconds(now)
    summary = f"{state.ready} waiting, oldest for {lag:.0f} s"
    if limit and lag > limit:
        return False, f"{summary} (limit {limit} s)"
    return True, summary


def filesystem_storage_directories() -> list[Path]:
    """Where the file storages on local disk keep their files (none when they are on S3).

    Static files are collected at deploy time, not written while serving.
    """
    return [
        Path(backend.location)
        for alias in settings.STORAGES
        if alias != "staticfiles" and isinstance(backend := storages[alias], FileSystemStorage)
    ]


def written_directories() -> list[Path]:
    """The local directories this node writes to."""
    paths = filesystem_storage_directories()
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3") and str(database["NAME"]) != ":memory:":
        paths.append(Path(database["NAME"]).parent)
    cache_config = settings.CACHES["default"]
    if cache_config["BACKEND"].endswith(("PersistentDiskCache", "DjangoCache")):
        paths.append(Path(str(cache_config["LOCATION"])))
    return paths


def nearest_existing(path: Path) -> Path:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def check_disk() -> tuple[bool, str]:
    needed_mb = settings.READINESS_MIN_FREE_DISK_MB
    worst: tuple[float, Path] | None = None
    for path in written_directories():
        free_mb = shutil.disk_usage(nearest_existing(path)).free / 1024 / 1024
        if worst is None or free_mb < worst[0]:
            worst = (free_mb, path)
    if worst is None:
        return True, "no local directories"
    free_mb, path = worst
    summary = f"{free_mb:,.0f} MB free under {path}"
    if free_mb < needed_mb:
        return False, f"{summary} (needs {needed_mb} MB)"
    return True, summary


CHECKS: dict[str, Callable[[], tuple[bool, str]]] = {
    "database": check_database,
    "migrations": check_migrations,
    "cache": check_cache,
    "task_queue": check_task_queue,
    "disk": check_disk,
}


def run_checks() -> list[CheckResult]:
    """Every check, in order; the database-backed ones are skipped as failed if it is down."""
    results = [timed("database", check_database)]
    database_up = results[0].ok
    for name, check in CHECKS.items():
        if name == "database":
            continue
        if name in ("migrations", "task_queue") and not database_up:
            results.append(CheckResult(name, False, "skipped: the database is down", 0.0))
            continue
        results.append(timed(name, check))
    if not database_up:
        with contextlib.suppress(DatabaseError):
            connection.close()  # the next probe reconnects instead of reusing a dead socket
    return results
