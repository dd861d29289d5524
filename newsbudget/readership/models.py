"""Page views per story per UTC day, written in batches by the scheduler (never per view)."""

from __future__ import annotations

from django.db import models


class StoryViews(models.Model):
    """How many times readers viewed ``story`` on ``day`` (UTC)."""

    story = models.ForeignKey(
        "stories.Story", on_delete=models.CASCADE, related_name="daily_views", db_index=False
    )
    day = models.DateField(help_text="The UTC day of the views.")
    count = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "story views"
        verbose_name_plural = "story views"
        ordering = ["-day", "story"]
        constraints = [
            # Also the index for one story's days (the staff page, date ranges).
            models.UniqueConstraint(fields=["story", "day"], name="readership_story_day_once")
        ]
        indexes = [
            # The most-read lists: every story's views since a day.
            models.Index(fields=["day", "story"], name="readership_day_story"),
        ]

    def __str__(self) -> str:
        return f"{self.story_id} on {self.day}: {self.count}"
