"""private_download: a redirect to a signed URL on S3, the file streamed from any other storage."""

from __future__ import annotations

import httpx
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.http import FileResponse

from ops.storage.serving import private_download

CSV = "text/csv; charset=utf-8"


@pytest.mark.usefixtures("filesystem_storages")
def test_it_streams_a_file_of_the_filesystem_as_an_attachment() -> None:
    name = storages["private"].save("reports/desk.csv", ContentFile(b"a,b\r\n"))
    response = private_download(storages["private"], name, filename="news.csv", content_type=CSV)
    assert isinstance(response, FileResponse)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"a,b\r\n"  # type: ignore[arg-type]
    assert response["Content-Disposition"] == 'attachment; filename="news.csv"'
    assert response["Content-Type"] == CSV
    assert "no-store" in response["Cache-Control"]


@pytest.mark.usefixtures("s3_storages")
def test_it_redirects_to_a_signed_url_that_downloads_the_attachment_from_s3() -> None:
    name = storages["private"].save("reports/desk.csv", ContentFile(b"a,b\r\n"))
    response = private_download(storages["private"], name, filename="news.csv", content_type=CSV)
    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"]
    fetched = httpx.get(response["Location"], timeout=5)
    assert fetched.status_code == 200
    assert fetched.content == b"a,b\r\n"
    assert fetched.headers["Content-Disposition"] == 'attachment; filename="news.csv"'
    assert fetched.headers["Content-Type"] == CSV
