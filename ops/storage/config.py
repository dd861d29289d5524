"""STORAGE_URL and PRIVATE_STORAGE_URL → Django ``STORAGES`` entries: filesystem or S3.

Two storages, chosen by configuration like every backend of the site:

- ``default`` (media): files under ``MEDIA_ROOT`` when ``STORAGE_URL`` is
  unset, else ``s3://bucket[/prefix]`` through django-storages.
- ``private`` (reports, backups): never readable without a permission check.
  On one machine, a directory outside ``MEDIA_ROOT`` that nothing serves
  (``PrivateFileSystemStorage``); on S3, its own bucket or a prefix that does
  not overlap the media's, read only through short-lived signed URLs.

Media on S3 makes every node see the same files, so the private storage must
then be on S3 too: a report one node wrote to its own disk would be missing
on the node that serves the download (shared nothing).  Every mistake a typo
could make (a scheme, a bucket name, overlapping locations, half a key pair)
stops the process at start-up with a message naming the variable, and never
repeats a secret.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from botocore.config import Config
from django.core.exceptions import ImproperlyConfigured

S3_BACKEND = "storages.backends.s3.S3Storage"
PRIVATE_FILESYSTEM_BACKEND = "ops.storage.backends.PrivateFileSystemStorage"
FILESYSTEM_BACKEND = "django.core.files.storage.FileSystemStorage"
# S3's rules for bucket names: 3–63 lowercase letters, digits, dots and hyphens.
BUCKET_NAME = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
ADDRESSING_STYLES = ("auto", "path", "virtual")
# SigV4 presigned URLs live at most seven days.
MAX_SIGNED_URL_SECONDS = 7 * 24 * 3600
S3_RETRY_ATTEMPTS = 3


@dataclass(frozen=True)
class S3Location:
    """A bucket and a key prefix (no leading or trailing slash; empty for the whole bucket)."""

    bucket: str
    prefix: str

    def overlaps(self, other: S3Location) -> bool:
        """Whether one location's keys may fall inside the other's."""
        if self.bucket != other.bucket:
            return False
        mine, theirs = f"{self.prefix}/".lstrip("/"), f"{other.prefix}/".lstrip("/")
        return mine.startswith(theirs) or theirs.startswith(mine)


@dataclass(frozen=True)
class S3Connection:
    """How to reach the object store; empty strings mean boto3's defaults (AWS, its key chain)."""

    endpoint_url: str = ""
    region_name: str = ""
    access_key_id: str = ""
    secret_access_key: str = ""
    addressing_style: str = "auto"
    signed_url_seconds: int = 300
    timeout_seconds: float = 5.0


def parse_s3_url(url: str, *, setting: str) -> S3Location:
    """``s3://bucket[/prefix]`` → an ``S3Location``, or a start-up failure naming ``setting``.

    >>> parse_s3_url("s3://newsroom-media/site/media/", setting="STORAGE_URL")
    S3Location(bucket='newsroom-media', prefix='site/media')
    >>> parse_s3_url("s3://Newsroom_Media", setting="STORAGE_URL")
    Traceback (most recent call last):
    ...
    django.core.exceptions.ImproperlyConfigured: STORAGE_URL: 'Newsroom_Media' is not a valid ...
    """
    form = f"{setting} must be s3://bucket[/prefix]"
    parts = urlsplit(url)
    if parts.scheme != "s3":
        given = f"{parts.scheme}://…" if parts.scheme else "a value without a scheme"
        raise ImproperlyConfigured(f"{form} (or unset for the filesystem), got {given}")
    if "@" in parts.netloc or parts.query or parts.fragment:
        # Keys belong in AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY; never echo what was given.
        raise ImproperlyConfigured(
            f"{form}, without credentials, a query or a fragment (keys go in "
            "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)"
        )
    if not parts.netloc:
        raise ImproperlyConfigured(f"{form}; it names no bucket")
    if not BUCKET_NAME.match(parts.netloc):
        raise ImproperlyConfigured(
            f"{setting}: {parts.netloc!r} is not a valid S3 bucket name "
            "(3-63 lowercase letters, digits, dots and hyphens)"
        )
    prefix = parts.path.strip("/")
    segments = prefix.split("/") if prefix else []
    if any(segment in ("", ".", "..") for segment in segments):
        raise ImproperlyConfigured(f"{form}; its prefix {prefix!r} has an empty, . or .. part")
    return S3Location(bucket=parts.netloc, prefix=prefix)


def check_connection(connection: S3Connection) -> None:
    """Refuse an S3 connection that cannot work, naming the variable at fault."""
    if connection.endpoint_url:
        endpoint = urlsplit(connection.endpoint_url)
        if endpoint.scheme not in ("http", "https") or not endpoint.hostname:
            raise ImproperlyConfigured(
                "AWS_S3_ENDPOINT_URL must be an http:// or https:// URL with a host, "
                f"got {connection.endpoint_url!r}"
            )
    if bool(connection.access_key_id) != bool(connection.secret_access_key):
        raise ImproperlyConfigured(
            "Set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or neither "
            "(then boto3 finds credentials itself, e.g. an instance role)"
        )
    if connection.addressing_style not in ADDRESSING_STYLES:
        raise ImproperlyConfigured(
            f"AWS_S3_ADDRESSING_STYLE must be one of {', '.join(ADDRESSING_STYLES)}, "
            f"got {connection.addressing_style!r}"
        )
    if not 1 <= connection.signed_url_seconds <= MAX_SIGNED_URL_SECONDS:
        raise ImproperlyConfigured(
            f"STORAGE_SIGNED_URL_SECONDS must be between 1 and {MAX_SIGNED_URL_SECONDS} "
            f"(seven days, S3's limit), got {connection.signed_url_seconds}"
        )
    if not 0 < connection.timeout_seconds <= 60:
        raise ImproperlyConfigured("STORAGE_TIMEOUT_SECONDS must be more than 0 and at most 60")


def s3_storage(
    location: S3Location, connection: S3Connection, *, signed: bool, url_seconds: int | None = None
) -> dict[str, Any]:
    """A STORAGES entry for django-storages' S3 backend at ``location``.

    Signed URLs live ``url_seconds`` (default: the connection's
    ``signed_url_seconds``).

    Objects get no ACL of their own (the bucket's, private unless an operator
    made it otherwise); names are never overwritten (a second upload of
    ``a.csv`` becomes ``a_<random>.csv``, as on the filesystem); every call
    has a connect and read timeout and a bounded number of retries.
    """
    client_config = Config(
        connect_timeout=connection.timeout_seconds,
        read_timeout=connection.timeout_seconds,
        retries={"max_attempts": S3_RETRY_ATTEMPTS, "mode": "standard"},
        s3={"addressing_style": connection.addressing_style},
        signature_version="s3v4",
    )
    options: dict[str, Any] = {
        "bucket_name": location.bucket,
        "location": location.prefix,
        "default_acl": None,
        "querystring_auth": signed,
        "querystring_expire": url_seconds or connection.signed_url_seconds,
        "file_overwrite": False,
        "client_config": client_config,
        "endpoint_url": connection.endpoint_url or None,
        "region_name": connection.region_name or None,
    }
    if connection.access_key_id:
        options["access_key"] = connection.access_key_id
        options["secret_key"] = connection.secret_access_key
    return {"BACKEND": S3_BACKEND, "OPTIONS": options}


def check_private_root(private_root: Path, served_roots: dict[str, Path]) -> None:
    """The private directory must be neither inside nor around a directory the site serves."""
    private = private_root.resolve()
    for setting, served in served_roots.items():
        served = served.resolve()
        if private == served or private.is_relative_to(served) or served.is_relative_to(private):
            raise ImproperlyConfigured(
                f"PRIVATE_STORAGE_ROOT ({private}) must be outside {setting} ({served}): "
                "files there are served to anyone"
            )


def storages_from_urls(
    *,
    media_url: str,
    private_url: str,
    private_root: Path,
    served_roots: dict[str, Path],
    connection: S3Connection,
    media_signed_urls: bool = True,
    page_life_seconds: int = 0,
) -> dict[str, dict[str, Any]]:
    """The ``default`` and ``private`` STORAGES entries for the given settings.

    A signed media URL is written into pages, which caches keep for up to
    ``page_life_seconds``: it is signed for at least that long (at most S3's
    seven days), or a cached page would show broken images.  Private files'
    URLs keep the short ``signed_url_seconds``: each is made when someone
    allowed clicks.

    >>> entries = storages_from_urls(
    ...     media_url="", private_url="", private_root=Path("/srv/nb/var/private"),
    ...     served_roots={"MEDIA_ROOT": Path("/srv/nb/var/media")}, connection=S3Connection())
    >>> entries["default"]["BACKEND"], entries["private"]["OPTIONS"]["location"]
    ('django.core.files.storage.FileSystemStorage', '/srv/nb/var/private')
    """
    media = parse_s3_url(media_url, setting="STORAGE_URL") if media_url else None
    private = parse_s3_url(private_url, setting="PRIVATE_STORAGE_URL") if private_url else None
    if media and not private:
        raise ImproperlyConfigured(
            "STORAGE_URL puts media on S3, so set PRIVATE_STORAGE_URL too (s3://bucket[/prefix], "
            "a private bucket or a prefix apart from the media's): every node must see the "
            "private files as well"
        )
    if media and private and media.overlaps(private):
        raise ImproperlyConfigured(
            "PRIVATE_STORAGE_URL must not overlap STORAGE_URL (use another bucket, or a prefix "
            "that neither contains nor lies inside the media's): private files would be listed "
            "and served with the media"
        )
    if media or private:
        check_connection(connection)
    if not private:
        check_private_root(private_root, served_roots)
    media_url_seconds = min(
        max(connection.signed_url_seconds, page_life_seconds), MAX_SIGNED_URL_SECONDS
    )
    return {
        "default": s3_storage(
            media, connection, signed=media_signed_urls, url_seconds=media_url_seconds
        )
        if media
        else {"BACKEND": FILESYSTEM_BACKEND},
        "private": s3_storage(private, connection, signed=True)
        if private
        else {"BACKEND": PRIVATE_FILESYSTEM_BACKEND, "OPTIONS": {"location": str(private_root)}},
    }
