"""The private storage on one machine: outside the served media, readable by the app user only."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages

pytestmark = pytest.mark.usefixtures("filesystem_storages")


def test_it_keeps_files_outside_the_media_root(filesystem_storages: Path) -> None:
    name = storages["private"].save("reports/desk.csv", ContentFile(b"a,b\r\n"))
    assert (filesystem_storages / "private" / name).read_bytes() == b"a,b\r\n"
    assert not (filesystem_storages / "media").exists()


def test_its_files_and_directories_are_private_to_the_app_user(filesystem_storages: Path) -> None:
    name = storages["private"].save("reports/desk.csv", ContentFile(b"a"))
    path = filesystem_storages / "private" / name
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_its_files_have_no_url() -> None:
    name = storages["private"].save("reports/desk.csv", ContentFile(b"a"))
    with pytest.raises(NotImplementedError, match="serve them through a view"):
        storages["private"].url(name)


def test_media_files_still_have_urls_under_media_url() -> None:
    name = storages["default"].save("photos/a.jpg", ContentFile(b"a"))
    assert storages["default"].url(name) == "/media/photos/a.jpg"
