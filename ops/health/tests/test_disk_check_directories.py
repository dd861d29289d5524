"""The disk check watches the file storages that are on this node's disk, and not those on S3."""

from __future__ import annotations

from pathlib import Path

import pytest

from ops.health.checks import filesystem_storage_directories


def test_it_watches_the_media_and_private_directories(filesystem_storages: Path) -> None:
    assert filesystem_storage_directories() == [
        filesystem_storages / "media",
        filesystem_storages / "private",
    ]


@pytest.mark.usefixtures("s3_storages")
def test_it_watches_no_directory_for_storages_on_s3() -> None:
    assert filesystem_storage_directories() == []
