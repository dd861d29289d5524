"""Making, verifying and restoring a backup: what the ``backup`` and ``restore`` commands do.

Artefacts pass through a temporary directory of this process only (the
snapshot must be a file for SQLite's backup API and pg_dump), are uploaded,
and the directory is removed: no other process ever reads them from local
disk.
"""

from __future__ import annotations

import contextlib
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.management.base import CommandError
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from ops.backup import database, media, store
from ops.backup.fingerprint import (
    database_fingerprint,
    differences,
    media_fingerprint,
    storage_files,
)

Say = Callable[[str], None]
FORMAT = 1


@dataclass(frozen=True)
class Made:
    stamp: str
    manifest: dict[str, Any]
    pruned: list[str]


def media_storage() -> Storage:
    return storages["default"]


def make_backup(say: Say, *, prune: bool = True) -> Made:
    """Snapshot the database and media into a new backup; prune old ones."""
    storage = store.backup_storage()
    started, stamp = fresh_stamp(storage)
    with tempfile.TemporaryDirectory(prefix="newsbudget-backup-") as directory:
        scratch = Path(directory)
        say(f"Backup {stamp}: snapshot of the {database.vendor()} database …")
        snapshot = database.snapshot(scratch, say)
        say("Media …")
        archive = scratch / "media.tar.gz"
        media_hashes = media.archive(media_storage(), archive, say)
        manifest = {
            "format": FORMAT,
            "created_at": started.isoformat(),
            "release": settings.RELEASE,
            "vendor": database.vendor(),
            "migrations": snapshot.migrations,
            "database": store.describe(snapshot.path),
            "media": {**store.describe(archive), "files": len(media_hashes)},
            "fingerprint": {"tables": snapshot.fingerprint, "media": media_hashes},
        }
        say(f"Uploading {manifest['database']['bytes'] + manifest['media']['bytes']} bytes …")
        store.save(storage, stamp, [snapshot.path, archive], manifest)
    pruned = (
        store.prune(storage, settings.BACKUP_KEEP_DAILY, settings.BACKUP_KEEP_WEEKLY)
        if prune
        else []
    )
    rows = sum(table["rows"] for table in snapshot.fingerprint.values())
    tables = len(snapshot.fingerprint)
    say(f"Backup {stamp} written: {tables} tables, {rows} rows, {len(media_hashes)} media files.")
    return Made(stamp, manifest, pruned)


def fresh_stamp(storage: Any) -> tuple[Any, str]:
    """Now, and a stamp no backup has yet (two backups within a second get different ones)."""
    taken = set(store.stamps(storage))
    while True:
        started = timezone.now()
        stamp = store.stamp_of(started)
        if stamp not in taken:
            return started, stamp
        time.sleep(0.2)


def newer_migrations(manifest: dict[str, Any]) -> list[str]:
    """Migrations in the backup that this code does not know: a backup from a newer schema."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return [f"{app}.{name}" for app, name in manifest["migrations"] if (app, name) not in known]


def check_restorable(manifest: dict[str, Any]) -> None:
    if manifest.get("format") != FORMAT:
        raise CommandError(f"Backup format {manifest.get('format')!r} is not one this code reads")
    if manifest["vendor"] != database.vendor():
        raise CommandError(
            f"The backup is of a {manifest['vendor']} database; this site runs {database.vendor()}"
        )
    newer = newer_migrations(manifest)
    if newer:
        raise CommandError(
            "The backup is from a newer schema than this release knows "
            f"({', '.join(newer[:5])}{' …' if len(newer) > 5 else ''}): deploy that release first"
        )


def summary(stamp: str, manifest: dict[str, Any]) -> str:
    tables = manifest["fingerprint"]["tables"]
    rows = sum(table["rows"] for table in tables.values())
    return (
        f"Backup {stamp}: made {manifest['created_at']} by release {manifest['release']}, "
        f"{manifest['vendor']}, {len(tables)} tables, {rows} rows, "
        f"{manifest['media']['files']} media files"
    )


@dataclass(frozen=True)
class Fetched:
    manifest: dict[str, Any]
    snapshot: Path
    archive: Path
    scratch: Path


@contextlib.contextmanager
def fetched(stamp: str, say: Say) -> Iterator[Fetched]:
    """The backup downloaded into a private temporary directory, checked; removed afterwards."""
    storage = store.backup_storage()
    manifest = store.manifest_of(storage, stamp)
    check_restorable(manifest)
    say(summary(stamp, manifest))
    with tempfile.TemporaryDirectory(prefix="newsbudget-backup-") as directory:
        scratch = Path(directory)
        snapshot = store.fetch(storage, stamp, manifest["database"], scratch)
        archive = store.fetch(storage, stamp, manifest["media"], scratch)
        say("Checksums match.")
        yield Fetched(manifest, snapshot, archive, scratch)


def check_identical(
    manifest: dict[str, Any], tables: dict[str, Any], files: dict[str, str]
) -> None:
    problems = differences(manifest["fingerprint"]["tables"], tables)
    problems += differences(manifest["fingerprint"]["media"], files)
    if problems:
        raise CommandError("The restored copy differs from the backup:\n" + "\n".join(problems))


def verify_backup(stamp: str, say: Say) -> None:
    """Restore the backup into a scratch database and directory; fail unless identical."""
    with fetched(stamp, say) as backup:
        say("Restoring into a scratch database …")
        with database.scratch_copy(backup.snapshot, say) as alias:
            tables = database_fingerprint(alias)
        copy = FileSystemStorage(location=backup.scratch / "media")
        media.restore(copy, backup.archive, say)
        check_identical(backup.manifest, tables, media_fingerprint(copy))
    say(f"Verified: every table and media file of backup {stamp} restores identically.")


def restore_backup(stamp: str, say: Say, confirm: Callable[[str], bool], *, dry_run: bool) -> bool:
    """Replace the database and media with the backup's; False if nothing was done."""
    with fetched(stamp, say) as backup:
        current = sum(1 for _ in storage_files(media_storage()))
        say(
            f"This replaces every row of the {database.vendor()} database "
            f"({database.describe_target()}) and the {current} media files "
            f"with the backup's {backup.manifest['media']['files']}."
        )
        if dry_run:
            say("Dry run: nothing was changed.")
            return False
        if not confirm("Type 'restore' to go on: "):
            say("Not restored.")
            return False
        say("Restoring the database …")
        database.restore(backup.snapshot, say)
        say("Restoring media …")
        media.restore(media_storage(), backup.archive, say)
    check_identical(backup.manifest, database_fingerprint(), media_fingerprint(media_storage()))
    say(f"Restored backup {stamp}: every table and media file is identical to it.")
    return True
