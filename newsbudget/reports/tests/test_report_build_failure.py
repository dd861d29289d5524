"""A build that fails marks the report failed, with a message, and leaves no file behind.

The failures are real: a private storage whose bucket does not exist on the S3
server, and a private directory that cannot be created.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError
from django.core.files.storage import storages

from newsbudget.accounts.models import User
from newsbudget.desks.models import Desk
from newsbudget.reports import services, tasks
from newsbudget.reports.models import DeskReport, ReportStatus
from newsbudget.reports.tests.conftest import END, START
from tests.servers import S3Server
from tests.storages import s3_storage_entries


@pytest.fixture
def queued(
    editor: User, desk: Desk, django_capture_on_commit_callbacks: Callable[..., Any]
) -> DeskReport:
    with django_capture_on_commit_callbacks(execute=False):
        return services.request_report(
            by=editor, desk=desk, start=START, end=END, file_format="csv"
        )


def assert_failed(report: DeskReport, reason: str) -> None:
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert report.error == (
        f"The report could not be built ({reason}). Ask for it again; if it fails again, "
        "tell the ops team."
    )
    assert report.file_name == ""
    assert report.started_at is not None
    assert report.finished_at is not None


def test_a_missing_bucket_fails_the_report(s3: S3Server, settings: Any, queued: DeskReport) -> None:
    buckets = {"default": "newsbudget-no-such-media", "private": "newsbudget-no-such-bucket"}
    settings.STORAGES = {**settings.STORAGES, **s3_storage_entries(s3, buckets)}
    with pytest.raises(ClientError, match="NoSuchBucket"):
        tasks.build_desk_report.call(report_id=queued.pk)
    assert_failed(queued, "NoSuchBucket")


def test_an_unwritable_directory_fails_the_report(
    filesystem_storages: Path, queued: DeskReport
) -> None:
    (filesystem_storages / "private").write_text("a file where the directory should be")
    with pytest.raises(OSError):  # noqa: PT011 -- which errno depends on the platform
        tasks.build_desk_report.call(report_id=queued.pk)
    assert_failed(queued, "NotADirectoryError")


@pytest.mark.usefixtures("filesystem_storages")
def test_it_builds_a_report_once_however_often_the_task_runs(
    queued: DeskReport,
) -> None:
    assert tasks.build_desk_report.call(report_id=queued.pk) == "ready"
    assert tasks.build_desk_report.call(report_id=queued.pk) == "not queued"
    queued.refresh_from_db()
    assert storages["private"].listdir("reports/news") == ([], [queued.file_name.split("/")[-1]])


@pytest.mark.usefixtures("filesystem_storages")
def test_a_report_deleted_before_its_build_is_skipped(queued: DeskReport) -> None:
    queued.delete()
    assert tasks.build_desk_report.call(report_id=queued.pk) == "not queued"


@pytest.mark.usefixtures("filesystem_storages")
def test_a_build_whose_worker_died_is_finished_by_the_rerun(queued: DeskReport) -> None:
    # The first worker claimed it (RUNNING) and was killed before saving anything.
    DeskReport.objects.filter(pk=queued.pk).update(status=ReportStatus.RUNNING)

    assert tasks.build_desk_report.call(report_id=queued.pk) == "ready"

    queued.refresh_from_db()
    assert storages["private"].exists(queued.file_name)
