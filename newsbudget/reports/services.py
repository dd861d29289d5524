"""Writes for desk reports: asking for one, and building it (run by the task).

``request_report`` checks the editor's permission and the range, records the
request and enqueues the build after commit, so a rolled-back request builds
nothing.  ``build_report`` claims a queued report (one worker only, even if the
task is delivered twice), builds the file in memory, saves it to the
``private`` storage and marks the report ready; anything that goes wrong marks
it failed with a message for the editor, removes a file it had saved, and
re-raises for the task's error tracking.  A report is never left pointing at a
missing or half-written file.
"""

from __future__ import annotations

import datetime
import logging
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone

from newsbudget.desks.models import Desk
from newsbudget.reports.contents import report_content
from newsbudget.reports.formats import render
from newsbudget.reports.models import DeskReport, Format, ReportStatus
from newsbudget.reports.policies import may_request_report
from newsbudget.stories.errors import NotPermitted

logger = logging.getLogger(__name__)

# Reports one person may have queued or running at once: each is a query over a desk's
# stories and a file, and a double-click should not become ten builds.
MAX_PENDING_PER_PERSON = 3
PENDING = (ReportStatus.QUEUED, ReportStatus.RUNNING)
FAILURE_MESSAGE = (
    "The report could not be built ({reason}). Ask for it again; if it fails again, "
    "tell the ops team."
)


def check_range(start: datetime.date, end: datetime.date) -> None:
    """Refuse a range that ends before it starts or is longer than REPORT_MAX_DAYS."""
    if end < start:
        raise ValidationError("The range ends before it starts.", code="range_order")
    days = (end - start).days + 1
    if days > settings.REPORT_MAX_DAYS:
        raise ValidationError(
            f"A report covers at most {settings.REPORT_MAX_DAYS} days; this range has {days}.",
            code="range_too_long",
        )


def request_report(
    *, by: Any, desk: Desk, start: datetime.date, end: datetime.date, file_format: str
) -> DeskReport:
    """Record ``by``'s request for ``desk``'s report and enqueue its build after commit."""
    if not may_request_report(by, desk):
        raise NotPermitted("Only the desk's editors may ask for its report.")
    check_range(start, end)
    if file_format not in Format.values:
        raise ValidationError(f"Pick one of {', '.join(Format.values)}.", code="format")
    with transaction.atomic():
        pending = DeskReport.objects.filter(requested_by=by, status__in=PENDING)
        if pending.count() >= MAX_PENDING_PER_PERSON:
            raise ValidationError(
                f"You already have {MAX_PENDING_PER_PERSON} reports on the way; "
                "ask again when one is ready.",
                code="too_many_pending",
            )
        report = DeskReport.objects.create(
            requested_by=by, desk=desk, start=start, end=end, format=file_format
        )
        transaction.on_commit(partial(enqueue_build, report.pk))
    logger.info("Report %s of %s requested by %s", report.pk, desk.slug, by.username)
    return report


def enqueue_build(report_id: int) -> None:
    from newsbudget.reports.tasks import build_desk_report

    build_desk_report.enqueue(report_id=report_id)


def claim(report_id: int) -> DeskReport | None:
    """Move a queued report to running and return it; None if it is not queued (any more).

    A report already running is taken too: only its own task builds it, and the
    worker runs that task again only when the worker that ran it died mid-build.
    """
    with transaction.atomic():
        report = (
            DeskReport.objects.select_for_update()
            .select_related("desk")
            .filter(pk=report_id, status__in=PENDING)
            .first()
        )
        if report is None:
            return None
        report.status = ReportStatus.RUNNING
        report.started_at = timezone.now()
        report.save(update_fields=["status", "started_at"])
    return report


def file_name_for(report: DeskReport) -> str:
    """Where the file goes in the private storage: one folder per desk, the id first."""
    return f"reports/{report.desk.slug}/{report.pk}-{report.download_name}"


def finish(report: DeskReport, *, file_name: str) -> None:
    report.status = ReportStatus.READY
    report.file_name = file_name
    report.finished_at = timezone.now()
    report.save(update_fields=["status", "file_name", "finished_at"])


def fail(report: DeskReport, error: BaseException) -> None:
    report.status = ReportStatus.FAILED
    report.file_name = ""
    report.error = FAILURE_MESSAGE.format(reason=type(error).__name__)
    report.finished_at = timezone.now()
    report.save(update_fields=["status", "file_name", "error", "finished_at"])


def remove_quietly(file_name: str) -> None:
    try:
        storages["private"].delete(file_name)
    except Exception:
        logger.exception("Could not remove the unfinished report file %s", file_name)


def build_report(*, report_id: int) -> DeskReport | None:
    """Build a queued report into the private storage; None when there was nothing to build."""
    report = claim(report_id)
    if report is None:
        logger.info("Report %s is not queued; nothing to build", report_id)
        return None
    saved = ""
    try:
        content = report_content(report.desk, report.start, report.end)
        data = render(content, report.format)
        saved = storages["private"].save(file_name_for(report), ContentFile(data))
        finish(report, file_name=saved)
    except Exception as error:
        if saved:
            remove_quietly(saved)
        fail(report, error)
        raise
    logger.info("Report %s built: %s stories, %s bytes", report.pk, len(content.stories), len(data))
    return report
