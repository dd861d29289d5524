"""The restore drill: a newsroom backed up, destroyed and restored, every row and file identical.

Runs the real commands as separate processes on a database of its own (a
SQLite file, or a PostgreSQL database in ``make test-postgres``), with the
demo newsroom and media files of several kinds.  Fingerprints (row counts and
content hashes per table, a hash per media file) are taken before the backup
and after the restore, and must be equal.  The same backup then proves the
refusals: a damaged artefact, and a backup from a newer schema.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from tests.servers import postgres_bindir
from tests.system.processes import BASE_DIR, manage, process_env

pytestmark = pytest.mark.system

FINGERPRINT = """
import json
from django.core.files.storage import storages
from ops.backup.fingerprint import database_fingerprint, media_fingerprint
media = media_fingerprint(storages["default"])
print(json.dumps({"tables": database_fingerprint(), "media": media}))
"""


def fingerprint(env: dict[str, str]) -> dict:
    output = manage(env, "shell", "--no-imports", "--command", FINGERPRINT)
    return json.loads(output.strip().splitlines()[-1])


def drill_env(tmp_path: Path, database_url: str) -> dict[str, str]:
    extra = {"PRIVATE_STORAGE_ROOT": str(tmp_path / "private"), "BACKUP_KEEP_DAILY": "3"}
    if database_url.startswith("postgres"):
        extra["BACKUP_PG_BINDIR"] = str(postgres_bindir())
    return process_env(tmp_path, database_url, **extra)


def some_media(root: Path) -> None:
    (root / "photos" / "2026").mkdir(parents=True)
    (root / "photos" / "2026" / "harbour.jpg").write_bytes(os.urandom(200_000))
    (root / "documents").mkdir()
    (root / "documents" / "court ruling — full text.pdf").write_bytes(b"%PDF-1.7\n" * 5000)
    (root / "readme.txt").write_text("media root\n")


def destroy(database_url: str, media_root: Path) -> None:
    """Lose the database and every media file, as a dead disk would."""
    shutil.rmtree(media_root)
    if database_url.startswith("sqlite"):
        Path(database_url.removeprefix("sqlite:///")).unlink()
        return
    with psycopg.connect(database_url.replace("postgres://", "postgresql://", 1)) as connection:
        connection.execute("DROP SCHEMA public CASCADE")
        connection.execute("CREATE SCHEMA public")


def test_a_destroyed_site_is_restored_identically_from_its_backup(
    tmp_path: Path, process_database_url: str
) -> None:
    env = drill_env(tmp_path, process_database_url)
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo_data")
    some_media(Path(env["MEDIA_ROOT"]))
    before = fingerprint(env)
    assert sum(table["rows"] for table in before["tables"].values()) > 1000
    assert len(before["media"]) == 3

    made = manage(env, "backup", "--verify")
    assert "Verified: every table and media file" in made
    destroy(process_database_url, Path(env["MEDIA_ROOT"]))
    dry = manage(env, "restore", "latest", "--dry-run")
    assert "Dry run: nothing was changed." in dry
    restored = manage(env, "restore", "latest", "--yes")

    assert "every table and media file is identical to it" in restored
    assert fingerprint(env) == before


def test_a_damaged_or_newer_backup_is_refused_and_nothing_is_touched(
    tmp_path: Path, process_database_url: str
) -> None:
    env = drill_env(tmp_path, process_database_url)
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo_data")
    manage(env, "backup")
    before = fingerprint(env)
    (folder,) = (tmp_path / "private" / "backups").iterdir()
    manifest_path = folder / "manifest.json"
    manifest = json.loads(manifest_path.read_text())

    manifest["migrations"].append(["stories", "9999_from_the_future"])
    manifest_path.write_text(json.dumps(manifest))
    newer = refused(env, "restore", "latest", "--yes")
    assert "newer schema than this release knows (stories.9999_from_the_future)" in newer

    manifest["migrations"].pop()
    manifest_path.write_text(json.dumps(manifest))
    snapshot = folder / manifest["database"]["file"]
    damaged = bytearray(snapshot.read_bytes())
    damaged[len(damaged) // 2] ^= 0xFF
    snapshot.write_bytes(bytes(damaged))
    checksum = refused(env, "restore", "latest", "--yes")
    assert "does not match its manifest's checksum" in checksum

    assert fingerprint(env) == before


NEWER_MIGRATION = """
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
with connection.schema_editor() as editor:
    editor.execute("CREATE TABLE stories_from_a_newer_release (id integer PRIMARY KEY)")
MigrationRecorder(connection).record_applied("stories", "9999_a_newer_release")
"""
NEWER_LEFT = """
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
applied = MigrationRecorder(connection).applied_migrations()
print(("stories_from_a_newer_release" in connection.introspection.table_names(),
       ("stories", "9999_a_newer_release") in applied))
"""


def test_an_older_backup_restores_without_the_tables_a_newer_release_added(
    tmp_path: Path, process_database_url: str
) -> None:
    """A backup from before a migration: afterwards neither its table nor its record remains,
    so ``migrate`` (step 4 of the runbook) can make them again."""
    env = drill_env(tmp_path, process_database_url)
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo_data")
    manage(env, "backup")
    before = fingerprint(env)
    manage(env, "shell", "--no-imports", "--command", NEWER_MIGRATION)
    assert manage(env, "shell", "--no-imports", "--command", NEWER_LEFT).split()[-2:] == [
        "(True,",
        "True)",
    ]

    restored = manage(env, "restore", "latest", "--yes")

    assert "every table and media file is identical to it" in restored
    if process_database_url.startswith("postgres"):  # SQLite's restore replaces the whole file
        assert "dropped 1 table(s) the backup does not have: stories_from_a_newer_release" in (
            restored
        )
    left = manage(env, "shell", "--no-imports", "--command", NEWER_LEFT)
    assert left.split()[-2:] == ["(False,", "False)"]
    assert "No migrations to apply" in manage(env, "migrate", "--noinput")
    assert fingerprint(env) == before


def refused(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr, result.stderr
    return result.stderr
