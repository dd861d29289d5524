"""What a database and a media store contain, in a form two copies can be compared by.

A table's fingerprint is its row count and the SHA-256 of its rows in
primary-key order, each row its column values as JSON.  Every table of every
installed model is included (many-to-many tables too), read through the
database alias given, so the same code fingerprints the live database, a
snapshot or a scratch copy.  Only copies on the same engine compare equal
(SQLite and PostgreSQL return dates and decimals differently).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import Any

from django.apps import apps
from django.core.files.storage import Storage
from django.db import models

CHUNK = 2000


def tables() -> Iterator[type[models.Model]]:
    """Each model that owns a table, once per table."""
    seen: set[str] = set()
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.db_table in seen:
            continue
        seen.add(meta.db_table)
        yield model


def table_fingerprint(model: type[models.Model], using: str) -> dict[str, Any]:
    columns = [field.attname for field in model._meta.concrete_fields]
    digest = hashlib.sha256()
    count = 0
    rows = model._default_manager.using(using).order_by("pk").values_list(*columns)
    for row in rows.iterator(chunk_size=CHUNK):
        digest.update(json.dumps(row, default=str, sort_keys=True).encode())
        digest.update(b"\n")
        count += 1
    return {"rows": count, "sha256": digest.hexdigest()}


def database_fingerprint(using: str = "default") -> dict[str, dict[str, Any]]:
    """``{table: {"rows": n, "sha256": hex}}`` for every table of the models."""
    return {
        model._meta.db_table: table_fingerprint(model, using)
        for model in sorted(tables(), key=lambda model: model._meta.db_table)
    }


def storage_files(storage: Storage, directory: str = "") -> Iterator[str]:
    """Every file name in ``storage`` under ``directory``, depth first, sorted."""
    try:
        folders, files = storage.listdir(directory)
    except FileNotFoundError:  # a filesystem storage whose directory was never created
        return
    for name in sorted(files):
        yield f"{directory}/{name}" if directory else name
    for folder in sorted(folders):
        yield from storage_files(storage, f"{directory}/{folder}" if directory else folder)


def file_sha256(storage: Storage, name: str) -> str:
    digest = hashlib.sha256()
    with storage.open(name, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def media_fingerprint(storage: Storage) -> dict[str, str]:
    """``{file name: sha256}`` of every file in ``storage``."""
    return {name: file_sha256(storage, name) for name in storage_files(storage)}


def differences(expected: dict[str, Any], actual: dict[str, Any]) -> list[str]:
    """What differs between two fingerprints, one line per table or file; empty if identical.

    >>> differences({"a": 1, "b": 2}, {"a": 1, "b": 3, "c": 4})
    ['b: 2 in the backup, 3 here', 'c: missing from the backup']
    """
    lines = []
    for name in sorted(expected.keys() | actual.keys()):
        if name not in actual:
            lines.append(f"{name}: missing here")
        elif name not in expected:
            lines.append(f"{name}: missing from the backup")
        elif expected[name] != actual[name]:
            lines.append(f"{name}: {expected[name]} in the backup, {actual[name]} here")
    return lines
