"""Filters for the stories list: desk, status, a budget-date range and tag (django-filter).

Desk and tag are given by slug and must exist: a misspelt slug is a 400 that
names the problem, not an empty page that looks like "no stories".  The
filters narrow whatever the requesting user may see, so ``status=draft`` asked
by the public simply finds nothing.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import slug_re

from newsbudget.desks.models import Desk
from newsbudget.stories.models import Status, Story, Tag


class SlugChoiceField(forms.ModelChoiceField):
    """A row chosen by slug; text that cannot be a slug is refused without a query.

    PostgreSQL answers a lookup of text with a NUL byte with an error, not a
    miss, so such values must never reach the database.
    """

    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values and not slug_re.match(str(value)):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class SlugChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = SlugChoiceField


class StoryFilter(django_filters.FilterSet):
    desk = SlugChoiceFilter(
        queryset=Desk.objects.all(),
        to_field_name="slug",
        help_text="A desk's slug.",
        error_messages={"invalid_choice": "There is no desk with that slug."},
    )
    status = django_filters.ChoiceFilter(
        choices=Status.choices,
        error_messages={"invalid_choice": f"Choose one of {', '.join(Status.values)}."},
    )
    budget_after = django_filters.DateFilter(
        field_name="budget_date",
        lookup_expr="gte",
        help_text="Budget date on or after (YYYY-MM-DD).",
    )
    budget_before = django_filters.DateFilter(
        field_name="budget_date",
        lookup_expr="lte",
        help_text="Budget date on or before (YYYY-MM-DD).",
    )
    tag = SlugChoiceFilter(
        field_name="tags",
        queryset=Tag.objects.all(),
        to_field_name="slug",
        help_text="A tag's slug.",
        error_messages={"invalid_choice": "There is no tag with that slug."},
    )

    class Meta:
        model = Story
        fields = ["desk", "status", "budget_after", "budget_before", "tag"]
