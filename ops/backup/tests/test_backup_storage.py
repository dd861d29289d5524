"""Backups land in the private storage — on disk or on S3 — and retention keeps the right ones."""

from __future__ import annotations

import json
import tarfile
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, storages
from django.core.management import call_command
from django.core.management.base import CommandError
from pytest_django.fixtures import Settings

from ops.backup import media, services, store
from tests.servers import postgres_bindir

# pg_dump reads committed rows from its own connection, and SQLite's backup API
# copies the database file: neither sees a test's uncommitted transaction.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _pg_tools(settings: Settings) -> None:
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        settings.BACKUP_PG_BINDIR = str(postgres_bindir())


@pytest.mark.usefixtures("s3_storages")
def test_a_backup_on_s3_is_written_listed_and_verified_there() -> None:
    storages["default"].save("photos/harbour.jpg", ContentFile(b"\xff\xd8 a photo", name="h.jpg"))
    said: list[str] = []

    made = services.make_backup(said.append)

    private = storages["private"]
    _, files = private.listdir(f"backups/{made.stamp}")
    assert sorted(files) == sorted(
        ["manifest.json", made.manifest["database"]["file"], "media.tar.gz"]
    )
    assert store.stamps(private) == [made.stamp]
    assert made.manifest["media"]["files"] == 1
    services.verify_backup(made.stamp, said.append)
    assert said[-1].startswith(f"Verified: every table and media file of backup {made.stamp}")


@pytest.mark.usefixtures("filesystem_storages")
def test_two_backups_in_the_same_second_get_different_stamps() -> None:
    first = services.make_backup(lambda line: None, prune=False)
    second = services.make_backup(lambda line: None, prune=False)

    assert first.stamp != second.stamp
    assert store.stamps(storages["private"]) == [first.stamp, second.stamp]


def fake_backup(stamp: str) -> None:
    private = storages["private"]
    private.save(f"backups/{stamp}/media.tar.gz", ContentFile(b"x", name="media.tar.gz"))
    private.save(f"backups/{stamp}/manifest.json", ContentFile(b"{}", name="manifest.json"))


@pytest.mark.usefixtures("filesystem_storages")
def test_retention_keeps_the_newest_per_day_and_week_and_deletes_the_rest() -> None:
    made = [
        "20261101T023000Z",  # week 44
        "20261109T023000Z",  # week 46
        "20261116T023000Z",  # week 47
        "20261129T023000Z",  # week 48, Sunday
        "20261130T023000Z",  # week 49
        "20261130T120000Z",
        "20261201T023000Z",
    ]
    for stamp in made:
        fake_backup(stamp)
    private = storages["private"]
    private.save(
        "backups/20261201T030000Z/media.tar.gz", ContentFile(b"x", name="m")
    )  # no manifest

    deleted = store.prune(private, daily=2, weekly=3)

    assert deleted == ["20261101T023000Z", "20261109T023000Z", "20261130T023000Z"]
    assert store.stamps(private) == ["20261116T023000Z", "20261129T023000Z",
                                     "20261130T120000Z", "20261201T023000Z"]  # fmt: skip
    assert not private.exists("backups/20261101T023000Z/manifest.json")


@pytest.mark.usefixtures("filesystem_storages")
def test_restore_names_the_backups_there_are_when_asked_for_another() -> None:
    fake_backup("20261130T023000Z")

    with pytest.raises(CommandError, match="No complete backup 'yesterday'; there are: 2026"):
        call_command("restore", "yesterday", "--dry-run")
    with pytest.raises(CommandError, match="There are no backups yet"):
        store.resolve(storages["default"], "latest")


def test_a_media_archive_with_an_unsafe_entry_is_refused(tmp_path: Path) -> None:
    archive = tmp_path / "media.tar.gz"
    (tmp_path / "evil").write_text("overwrite me")
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(tmp_path / "evil", arcname="../../etc/evil")
    target = tmp_path / "target"

    with pytest.raises(CommandError, match=r"unsafe entry: '\.\./\.\./etc/evil'"):
        media.restore(FileSystemStorage(location=target), archive, lambda line: None)
    assert not (tmp_path.parent / "etc").exists()


@pytest.mark.usefixtures("filesystem_storages")
def test_backup_list_prints_each_backup(capsys: pytest.CaptureFixture[str]) -> None:
    made = services.make_backup(lambda line: None)

    call_command("backup", "--list")

    out = capsys.readouterr().out
    assert f"Backup {made.stamp}: made" in out
    manifest = json.loads(storages["private"].open(f"backups/{made.stamp}/manifest.json").read())
    assert manifest["release"]
    assert ["stories", "0001_initial"] in manifest["migrations"]
