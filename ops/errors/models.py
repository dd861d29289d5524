"""Unhandled exceptions, grouped: one row per kind of failure, however often it happens."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class ErrorGroup(models.Model):
    """Every occurrence of one exception type raised at one place in the code."""

    class Kind(models.TextChoices):
        REQUEST = "request", "Request"
        TASK = "task", "Task"

    fingerprint = models.CharField(max_length=64, unique=True, editable=False)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    exception_type = models.CharField(max_length=255)
    location = models.CharField(
        max_length=500, help_text="The innermost frame of our own code: file, function."
    )
    message = models.TextField(blank=True, help_text="The latest occurrence's message.")
    count = models.PositiveBigIntegerField(default=1)
    first_seen = models.DateTimeField(default=timezone.now)
    last_seen = models.DateTimeField(default=timezone.now, db_index=True)
    last_traceback = models.TextField(blank=True)
    last_request_id = models.CharField(max_length=128, blank=True)
    last_where = models.CharField(
        max_length=500, blank=True, help_text="The request (method and path) or the task."
    )
    last_release = models.CharField(max_length=64, blank=True)
    resolved_at = models.DateTimeField(
        null=True, blank=True, help_text="Set when someone marks it fixed; a recurrence clears it."
    )

    class Meta:
        ordering = ["-last_seen"]

    def __str__(self) -> str:
        return f"{self.exception_type} in {self.location}"
