"""One row per flushed window of a buffered counter: the marker that makes a flush happen once."""

from __future__ import annotations

from django.db import models


class FlushedWindow(models.Model):
    """Window ``window_start`` of counter ``counter`` was written to the database.

    The row is created in the same transaction as the counts it vouches for,
    so it exists exactly when they do (``ops.counters.buffered``).
    """

    counter = models.CharField(max_length=100)
    window_start = models.DateTimeField(help_text="The window's start, UTC.")
    members = models.PositiveIntegerField(default=0, help_text="How many names had a count.")
    total = models.PositiveBigIntegerField(default=0, help_text="The sum of the counts written.")
    flushed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["counter", "window_start"], name="counters_window_flushed_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.counter} {self.window_start:%Y-%m-%d %H:%M:%S} UTC: {self.total}"
