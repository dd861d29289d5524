"""Storage settings for tests: the S3 server's connection, fresh buckets, the STORAGES entries.

Tests configure storages through ``ops.storage.config``, the code the
settings use, so what they exercise is what a deploy gets.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

import boto3

from ops.storage.config import S3Connection, storages_from_urls
from tests.servers import S3Server


def s3_connection(server: S3Server, **overrides: Any) -> S3Connection:
    """How the settings would reach ``server``: its endpoint, region and test keys."""
    return S3Connection(
        endpoint_url=server.endpoint_url,
        region_name=server.region_name,
        access_key_id=server.access_key_id,
        secret_access_key=server.secret_access_key,
        addressing_style="path",
        **overrides,
    )


def new_bucket(server: S3Server, purpose: str) -> str:
    """Create a bucket of a fresh name on ``server``; its name."""
    name = f"newsbudget-{purpose}-{secrets.token_hex(4)}"
    client = boto3.client(
        "s3",
        endpoint_url=server.endpoint_url,
        region_name=server.region_name,
        aws_access_key_id=server.access_key_id,
        aws_secret_access_key=server.secret_access_key,
    )
    client.create_bucket(Bucket=name)
    return name


def s3_storage_entries(
    server: S3Server, buckets: dict[str, str], page_life_seconds: int = 0, **connection: Any
) -> dict[str, dict[str, Any]]:
    """``default`` and ``private`` on ``buckets`` (under the prefixes media/ and private/)."""
    return storages_from_urls(
        media_url=f"s3://{buckets['default']}/media",
        private_url=f"s3://{buckets['private']}/private",
        private_root=Path("unused"),
        served_roots={},
        connection=s3_connection(server, **connection),
        page_life_seconds=page_life_seconds,
    )


def filesystem_storage_entries(root: Path) -> dict[str, dict[str, Any]]:
    """``default`` (media) and ``private`` in two directories under ``root``."""
    return storages_from_urls(
        media_url="",
        private_url="",
        private_root=root / "private",
        served_roots={"MEDIA_ROOT": root / "media"},
        connection=S3Connection(),
    )
