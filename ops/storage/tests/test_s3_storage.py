"""The storages on a real S3-compatible server (moto on loopback), through Django's storage API.

Both storages are configured by ``ops.storage.config`` exactly as the
settings configure them; the signed URLs are fetched with a plain HTTP
client, as a browser following the download redirect would.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages

from tests.servers import S3Server
from tests.storages import s3_storage_entries

pytestmark = pytest.mark.usefixtures("s3_storages")


def test_it_uploads_and_downloads_through_the_storage_api() -> None:
    storage = storages["private"]
    name = storage.save("reports/desk.csv", ContentFile(b"headline,words\r\nFloods,600\r\n"))
    assert name == "reports/desk.csv"
    with storage.open(name, "rb") as stored:
        assert stored.read() == b"headline,words\r\nFloods,600\r\n"
    assert storage.size(name) == 28


def test_it_keeps_objects_under_the_configured_bucket_and_prefix(
    s3: S3Server, s3_storages: dict[str, str]
) -> None:
    storages["private"].save("reports/a.csv", ContentFile(b"a"))
    storage = storages["private"]
    listed = storage.bucket.objects.filter(Prefix="")  # type: ignore[attr-defined]
    assert [item.key for item in listed] == ["private/reports/a.csv"]
    assert storage.bucket.name == s3_storages["private"]  # type: ignore[attr-defined]


def test_it_tells_whether_a_file_exists_and_deletes_it() -> None:
    storage = storages["private"]
    name = storage.save("backups/db.dump", ContentFile(b"dump"))
    assert storage.exists(name)
    storage.delete(name)
    assert not storage.exists(name)
    assert not storage.exists("backups/never-written.dump")


def test_it_lists_directories_and_files() -> None:
    storage = storages["private"]
    for name in ("reports/2026/a.csv", "reports/2026/b.xlsx", "reports/c.csv"):
        storage.save(name, ContentFile(b"x"))
    assert storage.listdir("reports") == (["2026"], ["c.csv"])
    assert storage.listdir("reports/2026") == ([], ["a.csv", "b.xlsx"])


def test_it_never_overwrites_a_file_of_the_same_name() -> None:
    storage = storages["private"]
    first = storage.save("reports/same.csv", ContentFile(b"first"))
    second = storage.save("reports/same.csv", ContentFile(b"second"))
    assert first != second
    assert storage.open(first).read() == b"first"
    assert storage.open(second).read() == b"second"


def test_a_signed_url_downloads_the_file_with_a_plain_get() -> None:
    storage = storages["private"]
    name = storage.save("reports/signed.csv", ContentFile(b"signed,content\r\n"))
    response = httpx.get(storage.url(name), timeout=5)
    assert response.status_code == 200
    assert response.content == b"signed,content\r\n"


def test_a_private_file_is_refused_without_a_signature() -> None:
    storage = storages["private"]
    name = storage.save("reports/secret.csv", ContentFile(b"secret"))
    unsigned = storage.url(name).split("?", 1)[0]
    response = httpx.get(unsigned, timeout=5)
    assert response.status_code == 403
    assert b"secret" not in response.content


def test_media_files_are_private_objects_too_unless_signed() -> None:
    storage = storages["default"]
    name = storage.save("photos/floods.jpg", ContentFile(b"jpeg bytes"))
    signed = storage.url(name)
    assert httpx.get(signed, timeout=5).content == b"jpeg bytes"
    assert httpx.get(signed.split("?", 1)[0], timeout=5).status_code == 403


def test_signed_urls_last_the_configured_lifetime(
    s3: S3Server, s3_storages: dict[str, str], settings: Any
) -> None:
    # moto accepts an expired or altered signature, so the server cannot show the expiry
    # being enforced (S3 does that); this shows the URLs carry the lifetime configured.
    settings.STORAGES = {
        **settings.STORAGES,
        **s3_storage_entries(s3, s3_storages, signed_url_seconds=42),
    }
    storage = storages["private"]
    name = storage.save("reports/lifetime.csv", ContentFile(b"x"))
    query = parse_qs(urlsplit(storage.url(name)).query)
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
    assert query["X-Amz-Expires"] == ["42"]
    assert query["X-Amz-Credential"][0].startswith("newsbudget-test-key/")


def test_a_media_url_lasts_as_long_as_a_cached_page_that_shows_it(
    s3: S3Server, s3_storages: dict[str, str], settings: Any
) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        **s3_storage_entries(s3, s3_storages, page_life_seconds=3690, signed_url_seconds=300),
    }
    photo = storages["default"].save("photos/lifetime.jpg", ContentFile(b"jpeg"))
    report = storages["private"].save("reports/lifetime.csv", ContentFile(b"x"))

    def expires(url: str) -> list[str]:
        return parse_qs(urlsplit(url).query)["X-Amz-Expires"]

    assert expires(storages["default"].url(photo)) == ["3690"]
    assert expires(storages["private"].url(report)) == ["300"]
