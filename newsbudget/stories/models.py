"""Stories, their tags and the record of every workflow transition."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from newsbudget.desks.models import Desk
from newsbudget.stories.sanitize import sanitize_html

MAX_WORD_COUNT = 50_000


class Status(models.TextChoices):
    IDEA = "idea", "Idea"
    DRAFT = "draft", "Draft"
    EDITED = "edited", "Edited"
    SCHEDULED = "scheduled", "Scheduled"
    LIVE = "live", "Live"
    ARCHIVED = "archived", "Archived"
    SPIKED = "spiked", "Spiked"


class Tag(models.Model):
    name = models.CharField(max_length=50, unique=True)
    slug = models.SlugField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Story(models.Model):
    headline = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    summary = models.TextField(max_length=1000, blank=True)
    body = models.TextField(blank=True, help_text="HTML; cleaned against an allowlist on save.")
    # No index of its own: story_desk_status_pub_id and story_desk_updated_id begin with it.
    desk = models.ForeignKey(Desk, on_delete=models.PROTECT, related_name="stories", db_index=False)
    bylines = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="stories")
    tags = models.ManyToManyField(Tag, related_name="stories", blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.IDEA)
    budget_date = models.DateField(help_text="The day the story is planned to run.")
    publish_at = models.DateTimeField(
        null=True, blank=True, help_text="When a scheduled story goes live."
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    word_count = models.PositiveIntegerField(
        default=0,
        validators=[MaxValueValidator(MAX_WORD_COUNT)],
        help_text="Planned length in words.",
    )
    location_name = models.CharField(max_length=200, blank=True)
    latitude = models.DecimalField(
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "stories"
        ordering = ["-published_at", "-id"]
        # One index per filter and ordering the site runs, each giving rows in the
        # order asked (the -id tie-breaker included), so a page of a list reads
        # just that page.  ``query_shapes`` names the query each one serves, and
        # a test checks the database's plans use them.
        indexes = [
            models.Index(fields=["status", "-published_at", "-id"], name="story_status_pub_id"),
            models.Index(
                fields=["desk", "status", "-published_at", "-id"], name="story_desk_status_pub_id"
            ),
            models.Index(fields=["-updated_at", "-id"], name="story_updated_id"),
            models.Index(fields=["desk", "-updated_at", "-id"], name="story_desk_updated_id"),
            models.Index(fields=["status", "-updated_at", "-id"], name="story_status_updated_id"),
            models.Index(fields=["budget_date", "desk"], name="story_budget_desk"),
            models.Index(fields=["status", "publish_at", "id"], name="story_status_publish_id"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="story_status_known"
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="story_location_complete",
                violation_error_message="Give both latitude and longitude, or neither.",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="story_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="story_longitude_range",
            ),
        ]
        permissions = [
            ("edit_desk_stories", "Can edit and move along any story on their desks"),
            ("edit_all_stories", "Can act on stories of every desk"),
            ("move_story", "Can move stories between budget days"),
            ("schedule_story", "Can schedule and unschedule stories"),
            ("publish_story", "Can publish, unpublish and archive stories"),
            ("spike_story", "Can spike and restore stories"),
        ]

    def __str__(self) -> str:
        return self.headline

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.body = sanitize_html(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("site:story", kwargs={"slug": self.slug})

    @property
    def is_public(self) -> bool:
        return self.status == Status.LIVE

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def byline(self) -> str:
        """All bylines joined for print, from the prefetched set when there is one."""
        return " and ".join(person.byline for person in self.bylines.all())


class StoryTransition(models.Model):
    """One workflow move: who (None means the scheduler), when, from which status to which."""

    # No index of its own: transition_story_at_id begins with it.
    story = models.ForeignKey(
        Story, on_delete=models.CASCADE, related_name="transitions", db_index=False
    )
    name = models.CharField(max_length=20)
    from_status = models.CharField(max_length=12, choices=Status.choices)
    to_status = models.CharField(max_length=12, choices=Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["story", "at", "id"], name="transition_story_at_id")]

    def __str__(self) -> str:
        actor = self.by.byline if self.by else "scheduler"
        return f"{self.story_id}: {self.from_status} → {self.to_status} by {actor}"
