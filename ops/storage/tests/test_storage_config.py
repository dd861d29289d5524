"""STORAGE_URL and friends become STORAGES entries, and every mistake is refused by name."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from ops.storage.config import S3Connection, parse_s3_url, storages_from_urls

ROOTS = {"MEDIA_ROOT": Path("/srv/nb/var/media"), "STATIC_ROOT": Path("/srv/nb/var/static")}
SECRET = "wJalrXUtnFEMI-example-secret"  # pragma: allowlist secret


def entries(**given: Any) -> dict[str, dict[str, Any]]:
    arguments: dict[str, Any] = {
        "media_url": "",
        "private_url": "",
        "private_root": Path("/srv/nb/var/private"),
        "served_roots": ROOTS,
        "connection": S3Connection(),
    }
    return storages_from_urls(**{**arguments, **given})


def test_it_keeps_files_on_the_filesystem_by_default() -> None:
    assert entries() == {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "private": {
            "BACKEND": "ops.storage.backends.PrivateFileSystemStorage",
            "OPTIONS": {"location": "/srv/nb/var/private"},
        },
    }


def test_it_puts_both_storages_on_s3_when_given_urls() -> None:
    connection = S3Connection(
        endpoint_url="https://s3.example.net",
        region_name="eu-west-1",
        access_key_id="AKIAEXAMPLE",
        secret_access_key=SECRET,
        signed_url_seconds=120,
    )
    configured = entries(
        media_url="s3://nb-media/site",
        private_url="s3://nb-private",
        connection=connection,
    )
    media, private = configured["default"]["OPTIONS"], configured["private"]["OPTIONS"]
    assert configured["private"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert (media["bucket_name"], media["location"]) == ("nb-media", "site")
    assert (private["bucket_name"], private["location"]) == ("nb-private", "")
    assert private["querystring_auth"] is True
    assert private["querystring_expire"] == 120
    assert private["file_overwrite"] is False
    assert private["default_acl"] is None
    assert private["endpoint_url"] == "https://s3.example.net"
    assert private["secret_key"] == SECRET
    assert private["client_config"].connect_timeout == 5.0
    assert private["client_config"].retries == {"max_attempts": 3, "mode": "standard"}


def test_media_urls_outlive_the_cached_pages_that_name_them_private_ones_stay_short() -> None:
    configured = entries(
        media_url="s3://nb-media",
        private_url="s3://nb-private",
        connection=S3Connection(signed_url_seconds=300),
        page_life_seconds=3690,
    )
    assert configured["default"]["OPTIONS"]["querystring_expire"] == 3690
    assert configured["private"]["OPTIONS"]["querystring_expire"] == 300


def test_media_urls_never_outlive_s3s_seven_days_nor_fall_below_the_setting() -> None:
    def media_seconds(page_life: int) -> int:
        configured = entries(
            media_url="s3://nb-media", private_url="s3://nb-private", page_life_seconds=page_life
        )
        return int(configured["default"]["OPTIONS"]["querystring_expire"])

    assert media_seconds(30 * 86400) == 7 * 86400
    assert media_seconds(10) == 300


def test_media_urls_can_be_unsigned_but_private_ones_never() -> None:
    configured = entries(
        media_url="s3://nb-media", private_url="s3://nb-private", media_signed_urls=False
    )
    assert configured["default"]["OPTIONS"]["querystring_auth"] is False
    assert configured["private"]["OPTIONS"]["querystring_auth"] is True


def test_private_files_may_go_to_s3_while_media_stay_on_disk() -> None:
    configured = entries(private_url="s3://nb-private/reports")
    assert configured["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert configured["private"]["OPTIONS"]["location"] == "reports"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://nb-media", r"must be s3://bucket\[/prefix\] .*got https://…"),
        ("nb-media", "got a value without a scheme"),
        ("s3://", "it names no bucket"),
        ("s3:///media", "it names no bucket"),
        ("s3://NB_Media", "not a valid S3 bucket name"),
        ("s3://ab", "not a valid S3 bucket name"),
        ("s3://nb-media/a//b", "empty, . or .. part"),
        ("s3://nb-media/../private", "empty, . or .. part"),
        ("s3://nb-media?versioning=on", "without credentials, a query"),
    ],
)
def test_it_refuses_a_malformed_url(url: str, message: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=f"^STORAGE_URL.*{message}"):
        parse_s3_url(url, setting="STORAGE_URL")


def test_it_never_echoes_credentials_put_in_the_url() -> None:
    with pytest.raises(ImproperlyConfigured) as refused:
        parse_s3_url(f"s3://AKIAEXAMPLE:{SECRET}@nb-media", setting="STORAGE_URL")
    assert SECRET not in str(refused.value)
    assert "AWS_SECRET_ACCESS_KEY" in str(refused.value)


def test_media_on_s3_needs_private_files_on_s3_too() -> None:
    with pytest.raises(ImproperlyConfigured, match="set PRIVATE_STORAGE_URL too"):
        entries(media_url="s3://nb-media")


@pytest.mark.parametrize(
    ("media", "private"),
    [
        ("s3://nb-files", "s3://nb-files/private"),
        ("s3://nb-files/media", "s3://nb-files/media/private"),
        ("s3://nb-files/media/photos", "s3://nb-files/media"),
        ("s3://nb-files/media", "s3://nb-files/media"),
    ],
)
def test_it_refuses_private_files_among_the_media(media: str, private: str) -> None:
    with pytest.raises(ImproperlyConfigured, match="must not overlap STORAGE_URL"):
        entries(media_url=media, private_url=private)


def test_a_sibling_prefix_of_the_same_bucket_is_apart() -> None:
    configured = entries(media_url="s3://nb-files/media", private_url="s3://nb-files/media-private")
    assert configured["private"]["OPTIONS"]["location"] == "media-private"


@pytest.mark.parametrize(
    ("connection", "message"),
    [
        (S3Connection(endpoint_url="127.0.0.1:9000"), "AWS_S3_ENDPOINT_URL must be an http"),
        (S3Connection(endpoint_url="http://"), "AWS_S3_ENDPOINT_URL must be an http"),
        (S3Connection(access_key_id="AKIAEXAMPLE"), "both AWS_ACCESS_KEY_ID and"),
        (S3Connection(secret_access_key=SECRET), "both AWS_ACCESS_KEY_ID and"),
        (S3Connection(addressing_style="dns"), "AWS_S3_ADDRESSING_STYLE must be one of"),
        (S3Connection(signed_url_seconds=0), "STORAGE_SIGNED_URL_SECONDS must be between"),
        (S3Connection(signed_url_seconds=604_801), "STORAGE_SIGNED_URL_SECONDS must be between"),
        (S3Connection(timeout_seconds=0), "STORAGE_TIMEOUT_SECONDS must be more than 0"),
    ],
)
def test_it_refuses_an_s3_connection_that_cannot_work(
    connection: S3Connection, message: str
) -> None:
    with pytest.raises(ImproperlyConfigured, match=message) as refused:
        entries(private_url="s3://nb-private", connection=connection)
    assert SECRET not in str(refused.value)


@pytest.mark.parametrize(
    "private_root", ["/srv/nb/var/media/private", "/srv/nb/var/static", "/srv/nb/var", "/srv/nb"]
)
def test_it_refuses_a_private_directory_inside_or_around_a_served_one(private_root: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=r"PRIVATE_STORAGE_ROOT .* must be outside"):
        entries(private_root=Path(private_root))
