"""A headline test: a Live story's headline against up to three alternatives, and their counts.

Variant 0 is the story's own headline (the control); variants 1..3 are the
alternatives the editor wrote.  ``impressions`` and ``clicks`` are written by
the scheduler's flush in batches (``services.flush_headline_counts``), never
per reader.  A story has at most one running test (``ended_at`` is null), which
the database enforces.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.db import models
from django.db.models import Q

from newsbudget.stories.models import Story

MAX_ALTERNATIVES = 3
HEADLINE_MAX_LENGTH = Story._meta.get_field("headline").max_length or 200


class HeadlineTest(models.Model):
    """Alternative headlines of one story, shown to readers in stable buckets while it runs."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="headline_tests")
    started_at = models.DateTimeField(auto_now_add=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    winner = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The variant declared the winner (0 is the original)."
    )

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["story"],
                condition=Q(ended_at__isnull=True),
                name="experiments_one_running_test_per_story",
            )
        ]

    def __str__(self) -> str:
        return f"Headline test {self.pk} of story {self.story_id}"

    @property
    def is_running(self) -> bool:
        return self.ended_at is None


class HeadlineVariant(models.Model):
    """One headline of a test: position 0 is the original, as it was when the test started."""

    test = models.ForeignKey(HeadlineTest, on_delete=models.CASCADE, related_name="variants")
    position = models.PositiveSmallIntegerField()
    headline = models.CharField(max_length=HEADLINE_MAX_LENGTH)
    impressions = models.PositiveBigIntegerField(default=0)
    clicks = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["test", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["test", "position"], name="experiments_variant_position_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.test_id}/{self.position}: {self.headline}"


def variants_json(headlines: list[str]) -> str:
    """The headlines as the front page's script reads them (a JSON list, variant 0 first).

    >>> variants_json(["Original", "Alt"])
    '["Original", "Alt"]'
    """
    return json.dumps(headlines, ensure_ascii=False)
