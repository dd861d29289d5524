"""Deleting a key deletes its usage, wherever the usage rows are.

``KeyUsage.key_id`` is not a foreign key (the rows are sharded and may live
on another database than the key), so the database cannot cascade; this
receiver does, on every database a row of the key can be in.
"""

from __future__ import annotations

from typing import Any

from ops.apikeys.models import APIKey, KeyUsage
from ops.sharding import placement


def delete_usage_of_deleted_key(sender: type[APIKey], instance: APIKey, **kwargs: Any) -> None:
    if not placement.enabled():
        KeyUsage.objects.filter(key_id=instance.pk).delete()
        return
    for alias in placement.scanned_databases():
        KeyUsage.objects.using(alias).filter(key_id=instance.pk).delete()
