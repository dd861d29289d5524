"""Fixtures shared by every suite: a desk, one person in each newsroom role, and file storages.

``filesystem_storages`` and ``s3_storages`` point the ``default`` and
``private`` storages at a throwaway directory or at fresh buckets of a real
S3-compatible server (moto, started once per run on loopback), through the
same ``ops.storage.config`` code the settings use.  A server that will not
start fails the tests that need it; nothing is skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsbudget.accounts.models import User
from newsbudget.accounts.roles import ADMIN, EDITOR, REPORTER
from newsbudget.desks.models import Desk
from tests.factories import DeskFactory, staff_member
from tests.servers import S3Server, s3_server
from tests.storages import filesystem_storage_entries, new_bucket, s3_storage_entries

collect_ignore = ["config/gunicorn.conf.py"]


@pytest.fixture
def desk(db: None) -> Desk:
    return DeskFactory(name="News", slug="news")


@pytest.fixture
def other_desk(db: None) -> Desk:
    return DeskFactory(name="Sports", slug="sports")


@pytest.fixture
def reporter(desk: Desk) -> User:
    return staff_member(REPORTER, desk, username="reporter")


@pytest.fixture
def editor(desk: Desk) -> User:
    return staff_member(EDITOR, desk, username="editor")


@pytest.fixture
def other_editor(other_desk: Desk) -> User:
    """An editor of another desk: an editor everywhere else, a stranger here."""
    return staff_member(EDITOR, other_desk, username="sports-editor")


@pytest.fixture
def newsroom_admin(db: None) -> User:
    return staff_member(ADMIN, username="chief")


@pytest.fixture(autouse=True)
def _closed_circuits() -> Iterator[None]:
    """Each test starts with every outbound circuit closed: breakers live in the process."""
    from ops.http.breaker import breakers

    breakers.reset()
    yield
    breakers.reset()


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with an empty cache: no page, version or fragment from another test."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="session")
def s3() -> Iterator[S3Server]:
    """moto's S3-compatible server on a free loopback port, for the whole run."""
    with s3_server() as server:
        yield server


@pytest.fixture
def s3_storages(s3: S3Server, settings: Any) -> dict[str, str]:
    """Media and private files on two fresh buckets of the S3 server; the bucket names."""
    buckets = {"default": new_bucket(s3, "media"), "private": new_bucket(s3, "private")}
    settings.STORAGES = {**settings.STORAGES, **s3_storage_entries(s3, buckets)}
    return buckets


@pytest.fixture
def filesystem_storages(settings: Any, tmp_path: Path) -> Path:
    """Media and private files in directories under ``tmp_path``; that directory."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {**settings.STORAGES, **filesystem_storage_entries(tmp_path)}
    return tmp_path
