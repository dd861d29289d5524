"""Where backups live: ``backups/<UTC time>/`` in the private storage, and which to keep.

Each backup is a folder of three objects — ``manifest.json``, the database
snapshot and ``media.tar.gz`` — written manifest last, so a folder without a
manifest is an interrupted backup and is neither listed nor restored.  Each
artefact's size and SHA-256 are in the manifest and checked on every fetch.

Retention keeps the newest backup of each of the last ``BACKUP_KEEP_DAILY``
days that have one, and of each of the last ``BACKUP_KEEP_WEEKLY`` ISO weeks;
everything else is deleted after each new backup.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from pathlib import Path
from typing import Any

from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.core.management.base import CommandError

PREFIX = "backups"
MANIFEST = "manifest.json"
STAMP_FORMAT = "%Y%m%dT%H%M%SZ"


def backup_storage() -> Storage:
    return storages["private"]


def stamp_of(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime(STAMP_FORMAT)


def moment_of(stamp: str) -> datetime.datetime:
    return datetime.datetime.strptime(stamp, STAMP_FORMAT).replace(tzinfo=datetime.UTC)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def describe(path: Path) -> dict[str, Any]:
    return {"file": path.name, "bytes": path.stat().st_size, "sha256": sha256_of(path)}


def save(storage: Storage, stamp: str, artefacts: list[Path], manifest: dict[str, Any]) -> None:
    """Upload the artefacts, then the manifest that names them."""
    for path in artefacts:
        with path.open("rb") as handle:
            storage.save(f"{PREFIX}/{stamp}/{path.name}", File(handle, name=path.name))
    body = json.dumps(manifest, indent=2, sort_keys=True).encode()
    storage.save(f"{PREFIX}/{stamp}/{MANIFEST}", ContentFile(body, name=MANIFEST))


def stamps(storage: Storage) -> list[str]:
    """The complete backups, oldest first."""
    try:
        folders, _ = storage.listdir(PREFIX)
    except FileNotFoundError:  # no backup was ever written to this filesystem storage
        return []
    complete = [name for name in folders if storage.exists(f"{PREFIX}/{name}/{MANIFEST}")]
    return sorted(complete)


def resolve(storage: Storage, wanted: str) -> str:
    """A backup's stamp from what the operator typed: a stamp or ``latest``."""
    known = stamps(storage)
    if wanted == "latest":
        if not known:
            raise CommandError("There are no backups yet.")
        return known[-1]
    if wanted not in known:
        raise CommandError(
            f"No complete backup {wanted!r}; there are: {', '.join(known) or 'none'}"
        )
    return wanted


def manifest_of(storage: Storage, stamp: str) -> dict[str, Any]:
    with storage.open(f"{PREFIX}/{stamp}/{MANIFEST}", "rb") as handle:
        return dict(json.load(handle))


def fetch(storage: Storage, stamp: str, artefact: dict[str, Any], directory: Path) -> Path:
    """Download one artefact into ``directory`` and check its size and checksum."""
    target = directory / artefact["file"]
    with (
        storage.open(f"{PREFIX}/{stamp}/{artefact['file']}", "rb") as source,
        target.open("wb") as sink,
    ):
        for block in iter(lambda: source.read(1 << 20), b""):
            sink.write(block)
    if target.stat().st_size != artefact["bytes"] or sha256_of(target) != artefact["sha256"]:
        raise CommandError(
            f"{artefact['file']} of backup {stamp} does not match its manifest's checksum: "
            "the backup is damaged; restore another one"
        )
    return target


def to_keep(all_stamps: list[str], daily: int, weekly: int) -> set[str]:
    """The newest backup of each of the last ``daily`` days and ``weekly`` ISO weeks.

    >>> days = ["20261120T020000Z", "20261121T020000Z", "20261121T140000Z", "20261130T020000Z"]
    >>> sorted(to_keep(days, daily=2, weekly=1))
    ['20261121T140000Z', '20261130T020000Z']
    >>> sorted(to_keep(days, daily=1, weekly=2))
    ['20261121T140000Z', '20261130T020000Z']
    """
    newest_per_day: dict[datetime.date, str] = {}
    newest_per_week: dict[tuple[int, int], str] = {}
    for stamp in sorted(all_stamps):
        moment = moment_of(stamp)
        newest_per_day[moment.date()] = stamp
        newest_per_week[moment.isocalendar()[:2]] = stamp
    days = sorted(newest_per_day)[-daily:] if daily else []
    weeks = sorted(newest_per_week)[-weekly:] if weekly else []
    return {newest_per_day[day] for day in days} | {newest_per_week[week] for week in weeks}


def prune(storage: Storage, daily: int, weekly: int) -> list[str]:
    """Delete the backups retention does not keep; their stamps."""
    known = stamps(storage)
    keep = to_keep(known, daily, weekly)
    deleted = [stamp for stamp in known if stamp not in keep]
    for stamp in deleted:
        _, files = storage.listdir(f"{PREFIX}/{stamp}")
        # The manifest goes first: a half-deleted backup is then never taken for a whole one.
        for name in sorted(files, key=lambda name: name != MANIFEST):
            storage.delete(f"{PREFIX}/{stamp}/{name}")
    return deleted
