"""A desk is a section of the newsroom; its staff are the people who file and edit for it."""

from django.conf import settings
from django.db import models
from django.urls import reverse


class Desk(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order of the desk in navigation and on the budget."
    )
    staff = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="desks", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("site:desk", kwargs={"slug": self.slug})
