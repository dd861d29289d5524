"""A desk report an editor asked for: what it covers, and where it stands from queued to ready."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from newsbudget.desks.models import Desk


class Format(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "Excel (XLSX)"


class ReportStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


CONTENT_TYPES = {
    Format.CSV: "text/csv; charset=utf-8",
    Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class DeskReport(models.Model):
    """One request for a report; the file lives in the ``private`` storage under ``file_name``."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="desk_reports"
    )
    desk = models.ForeignKey(Desk, on_delete=models.CASCADE, related_name="reports")
    start = models.DateField(help_text="First budget day covered.")
    end = models.DateField(help_text="Last budget day covered (inclusive).")
    format = models.CharField(max_length=4, choices=Format.choices)
    status = models.CharField(
        max_length=8, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    file_name = models.CharField(
        max_length=255, blank=True, help_text="Name of the file in the private storage."
    )
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["requested_by", "-created_at", "-id"], name="report_requester_created"
            )
        ]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="report_range_ordered"),
            models.CheckConstraint(condition=Q(format__in=Format.values), name="report_format"),
            models.CheckConstraint(
                condition=Q(status__in=ReportStatus.values), name="report_status_known"
            ),
            models.CheckConstraint(
                condition=~Q(status=ReportStatus.READY) | ~Q(file_name=""),
                name="report_ready_has_file",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.desk} {self.start}–{self.end} ({self.format}, {self.status})"

    @property
    def is_ready(self) -> bool:
        return self.status == ReportStatus.READY

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[Format(self.format)]

    @property
    def download_name(self) -> str:
        """The name the editor's browser saves it under: ``news-2026-11-01-2026-11-30.csv``."""
        return f"{self.desk.slug}-{self.start:%Y-%m-%d}-{self.end:%Y-%m-%d}.{self.format}"
