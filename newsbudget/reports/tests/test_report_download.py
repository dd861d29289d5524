"""Downloading a ready report: streamed from the filesystem, a signed S3 URL otherwise."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from django.core.files.storage import storages
from django.http import FileResponse
from django.test import Client

from newsbudget.accounts.models import User
from newsbudget.reports.models import DeskReport, ReportStatus


def url_of(report: DeskReport) -> str:
    return f"/newsroom/reports/{report.pk}/download/"


def stored(report: DeskReport) -> bytes:
    with storages["private"].open(report.file_name, "rb") as file:
        return file.read()


@pytest.mark.usefixtures("filesystem_storages")
def test_it_streams_the_file_from_the_filesystem_storage(
    client: Client, editor: User, built: Callable[[str], DeskReport]
) -> None:
    report = built("csv")
    client.force_login(editor)
    response = client.get(url_of(report))
    assert response.status_code == 200
    assert isinstance(response, FileResponse)
    assert b"".join(response.streaming_content) == stored(report)  # type: ignore[arg-type]
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="news-2026-11-01-2026-11-30.csv"'
    )
    assert "no-store" in response["Cache-Control"]


@pytest.mark.usefixtures("s3_storages")
def test_it_redirects_to_a_signed_url_on_s3(
    client: Client, editor: User, built: Callable[[str], DeskReport]
) -> None:
    report = built("xlsx")
    client.force_login(editor)
    response = client.get(url_of(report))
    assert response.status_code == 302
    fetched = httpx.get(response["Location"], timeout=5)
    assert fetched.status_code == 200
    assert fetched.content == stored(report)
    assert fetched.headers["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert fetched.headers["Content-Disposition"] == (
        'attachment; filename="news-2026-11-01-2026-11-30.xlsx"'
    )
    unsigned = response["Location"].split("?", 1)[0]
    assert httpx.get(unsigned, timeout=5).status_code == 403


@pytest.mark.usefixtures("filesystem_storages")
def test_a_report_that_is_not_ready_has_no_download(
    client: Client, editor: User, built: Callable[[str], DeskReport]
) -> None:
    report = built("csv")
    DeskReport.objects.filter(pk=report.pk).update(status=ReportStatus.RUNNING)
    client.force_login(editor)
    assert client.get(url_of(report)).status_code == 404


@pytest.mark.usefixtures("filesystem_storages")
def test_a_file_gone_from_storage_is_a_404(
    client: Client, editor: User, built: Callable[[str], DeskReport]
) -> None:
    report = built("csv")
    storages["private"].delete(report.file_name)
    client.force_login(editor)
    assert client.get(url_of(report)).status_code == 404
