"""File storage comes from the environment: the filesystem by default, S3 by URL, mistakes refused.

Each case loads the settings in a fresh interpreter, as web and worker do.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from config.tests.fresh_process import run_django

PRINT_STORAGES = (
    "import json, django; from django.conf import settings; django.setup();"
    "from django.core.files.storage import storages;"
    "print(json.dumps({alias: {'backend': type(storages[alias]).__name__,"
    " 'location': str(getattr(storages[alias], 'location', '')),"
    " 'bucket': getattr(storages[alias], 'bucket_name', None)} for alias in"
    " ('default', 'private')}))"
)


def storages_in(tmp_path: Path, **environment: str) -> dict[str, dict[str, str]]:
    result = run_django(tmp_path, PRINT_STORAGES, **environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_files_stay_on_the_filesystem_with_private_ones_outside_the_media(tmp_path: Path) -> None:
    loaded = storages_in(
        tmp_path, MEDIA_ROOT=str(tmp_path / "media"), PRIVATE_STORAGE_ROOT=str(tmp_path / "p")
    )
    assert loaded["default"] == {
        "backend": "FileSystemStorage", "location": str(tmp_path / "media"), "bucket": None
    }  # fmt: skip
    assert loaded["private"]["backend"] == "PrivateFileSystemStorage"
    assert loaded["private"]["location"] == str(tmp_path / "p")


def test_urls_move_both_storages_to_s3_without_code(tmp_path: Path) -> None:
    loaded = storages_in(
        tmp_path,
        STORAGE_URL="s3://nb-media/site",
        PRIVATE_STORAGE_URL="s3://nb-private",
        AWS_S3_ENDPOINT_URL="http://127.0.0.1:9000",
        AWS_S3_REGION_NAME="eu-west-1",
    )
    assert loaded["default"] == {"backend": "S3Storage", "location": "site", "bucket": "nb-media"}
    assert loaded["private"] == {"backend": "S3Storage", "location": "", "bucket": "nb-private"}


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        ({"STORAGE_URL": "s3:/nb-media"}, "STORAGE_URL must be s3://bucket[/prefix]"),
        ({"STORAGE_URL": "s3://nb-media"}, "set PRIVATE_STORAGE_URL too"),
        ({"PRIVATE_STORAGE_URL": "s3://"}, "PRIVATE_STORAGE_URL must be s3://bucket[/prefix]"),
        (
            {"STORAGE_URL": "s3://nb-files", "PRIVATE_STORAGE_URL": "s3://nb-files/private"},
            "PRIVATE_STORAGE_URL must not overlap STORAGE_URL",
        ),
        (
            {"PRIVATE_STORAGE_URL": "s3://nb-private", "AWS_ACCESS_KEY_ID": "AKIAEXAMPLE"},
            "Set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY",
        ),
        (
            {"PRIVATE_STORAGE_URL": "s3://nb-private", "STORAGE_SIGNED_URL_SECONDS": "soon"},
            "STORAGE_SIGNED_URL_SECONDS has an invalid value",
        ),
        ({"MEDIA_SIGNED_URLS": "maybe"}, "MEDIA_SIGNED_URLS must be one of"),
    ],
)
def test_it_refuses_to_start_with_bad_storage_settings(
    tmp_path: Path, environment: dict[str, str], message: str
) -> None:
    result = run_django(tmp_path, PRINT_STORAGES, **environment)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_it_refuses_a_private_directory_inside_the_media(tmp_path: Path) -> None:
    result = run_django(
        tmp_path,
        PRINT_STORAGES,
        MEDIA_ROOT=str(tmp_path / "media"),
        PRIVATE_STORAGE_ROOT=str(tmp_path / "media" / "private"),
    )
    assert result.returncode != 0
    assert "PRIVATE_STORAGE_ROOT" in result.stderr
    assert "must be outside MEDIA_ROOT" in result.stderr
