"""The media store as one tar archive, and back: through the storage API, so S3 works alike.

A restore makes the store identical to the archive: each archived file is
written back (replacing one of the same name), and files the archive does
not have are deleted.  Member names are checked first: an absolute name, a
``..`` or anything but a regular file refuses the whole archive.
"""

from __future__ import annotations

import hashlib
import tarfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import IO

from django.core.files import File
from django.core.files.storage import Storage
from django.core.management.base import CommandError

from ops.backup.fingerprint import storage_files

Say = Callable[[str], None]
PROGRESS_EVERY = 500


class HashingReader:
    """A file read through once: what tarfile copies is hashed on the way (one read per file)."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        block = self.handle.read(size)
        self.digest.update(block)
        return block


def archive(storage: Storage, path: Path, say: Say) -> dict[str, str]:
    """Write every file of ``storage`` into a gzipped tar at ``path``; ``{name: sha256}``."""
    hashes: dict[str, str] = {}
    with tarfile.open(path, "w:gz") as tar:
        for name in storage_files(storage):
            info = tarfile.TarInfo(name)
            info.size = storage.size(name)
            with storage.open(name, "rb") as handle:
                reader = HashingReader(handle)
                tar.addfile(info, reader)  # tarfile only calls read()
            hashes[name] = reader.digest.hexdigest()
            if len(hashes) % PROGRESS_EVERY == 0:
                say(f"  archived {len(hashes)} media files")
    return hashes


def checked_members(tar: tarfile.TarFile) -> list[tarfile.TarInfo]:
    members = tar.getmembers()
    for member in members:
        parts = PurePosixPath(member.name).parts
        if not member.isfile() or member.name.startswith("/") or ".." in parts:
            raise CommandError(f"The media archive holds an unsafe entry: {member.name!r}")
    return members


def restore(storage: Storage, path: Path, say: Say) -> int:
    """Make ``storage`` hold exactly the archive's files; how many were written."""
    with tarfile.open(path, "r:gz") as tar:
        members = checked_members(tar)
        wanted = {member.name for member in members}
        for name in list(storage_files(storage)):
            if name not in wanted:
                storage.delete(name)
        for count, member in enumerate(members, start=1):
            if storage.exists(member.name):
                storage.delete(member.name)
            extracted = tar.extractfile(member)
            if extracted is None:  # checked_members lets regular files only through
                raise CommandError(f"Cannot read {member.name!r} from the media archive")
            saved = storage.save(member.name, File(extracted, name=member.name))
            if saved != member.name:
                raise CommandError(f"The storage renamed {member.name!r} to {saved!r}")
            if count % PROGRESS_EVERY == 0:
                say(f"  restored {count} of {len(members)} media files")
    return len(members)
