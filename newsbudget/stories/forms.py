"""The staff form for a story: it checks everything a person types, then hands clean values on.

It is a plain ``Form``, not a ``ModelForm``: ``services.create_story`` and
``services.update_story`` own the write (permissions, slugs, tags, the
transaction), so the form's job ends at clean, typed values (``changes()``).
The choices it offers are already limited to what the person may pick (desks
they file for, active newsroom staff for bylines), so a tampered POST is a
form error, not a permission failure.  A rule only the service can check is
put back on the form by ``add_service_errors``.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Q, QuerySet

from newsbudget.accounts.models import User
from newsbudget.accounts.roles import ROLE_PERMISSIONS
from newsbudget.desks.models import Desk
from newsbudget.stories import policies
from newsbudget.stories.models import MAX_WORD_COUNT, Story
from newsbudget.stories.services import clean_tag_names

COORDINATE_PLACES = Decimal("0.00001")
"""Coordinates are stored to five decimal places (about a metre); finer input is rounded."""


def newsroom_staff() -> QuerySet[User]:
    """Active people holding a newsroom role: everyone who may take a byline."""
    return (
        User.objects.filter(is_active=True, groups__name__in=list(ROLE_PERMISSIONS))
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def filing_desks(user: Any) -> QuerySet[Desk]:
    """Desks ``user`` may start a story on."""
    allowed = [desk.pk for desk in Desk.objects.all() if policies.may_create_on(user, desk)]
    return Desk.objects.filter(pk__in=allowed).order_by("position", "name")


def editing_desks(user: Any, story: Story) -> QuerySet[Desk]:
    """Desks ``user`` may put ``story`` on: the one it is on, and any other they work."""
    allowed = [
        desk.pk
        for desk in Desk.objects.all()
        if desk.pk == story.desk_id or policies.works_on_desk(user, desk)
    ]
    return Desk.objects.filter(pk__in=allowed).order_by("position", "name")


class BylineChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.byline)


class StoryForm(forms.Form):
    headline = forms.CharField(max_length=200)
    desk = forms.ModelChoiceField(queryset=Desk.objects.none(), empty_label=None)
    bylines = BylineChoiceField(
        queryset=User.objects.none(),
        required=False,
        help_text="A new story with none picked carries its author's byline.",
    )
    tags = forms.CharField(
        required=False, max_length=2000, help_text="Comma-separated, e.g. Elections, City Hall."
    )
    budget_date = forms.DateField(
        label="Budget date",
        help_text="The day the story is planned to run.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    publish_at = forms.DateTimeField(
        label="Publish at",
        required=False,
        help_text="Needed before the story can be scheduled.",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    word_count = forms.IntegerField(
        label="Word count", required=False, min_value=0, max_value=MAX_WORD_COUNT, initial=0
    )
    summary = forms.CharField(
        required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    body = forms.CharField(
        required=False,
        help_text="HTML; unsafe tags and attributes are removed on save.",
        widget=forms.Textarea,
    )
    location_name = forms.CharField(label="Place name", required=False, max_length=200)
    latitude = forms.DecimalField(required=False, min_value=-90, max_value=90)
    longitude = forms.DecimalField(required=False, min_value=-180, max_value=180)

    def __init__(
        self, *args: Any, desks: QuerySet[Desk], story: Story | None = None, **kwargs: Any
    ) -> None:
        """``desks`` are the desks on offer; editing ``story`` keeps its bylines on offer too.

        A byline whose holder has since left stays listed (not silently dropped
        on save); the service then asks for it to be removed.
        """
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["desk"]).queryset = desks
        people = newsroom_staff()
        if story is not None:
            current = story.bylines.values("pk")
            people = (
                User.objects.filter(Q(pk__in=people.values("pk")) | Q(pk__in=current))
                .distinct()
                .order_by("last_name", "first_name", "username")
            )
        cast(BylineChoiceField, self.fields["bylines"]).queryset = people

    @staticmethod
    def initial_for(story: Story) -> dict[str, Any]:
        """The form's starting values for editing ``story`` (relations prefetched)."""
        return {
            "headline": story.headline,
            "desk": story.desk_id,
            "bylines": [person.pk for person in story.bylines.all()],
            "tags": ", ".join(tag.name for tag in story.tags.all()),
            "budget_date": story.budget_date,
            "publish_at": story.publish_at,
            "word_count": story.word_count,
            "summary": story.summary,
            "body": story.body,
            "location_name": story.location_name,
            "latitude": story.latitude,
            "longitude": story.longitude,
        }

    def clean_tags(self) -> list[str]:
        try:
            return clean_tag_names(self.cleaned_data["tags"].split(","))
        except ValidationError as error:
            raise ValidationError(error.messages) from None

    def clean_word_count(self) -> int:
        return self.cleaned_data["word_count"] or 0

    def clean_latitude(self) -> Decimal | None:
        return _to_stored_precision(self.cleaned_data["latitude"])

    def clean_longitude(self) -> Decimal | None:
        return _to_stored_precision(self.cleaned_data["longitude"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        has_latitude = cleaned.get("latitude") is not None or "latitude" in self.errors
        has_longitude = cleaned.get("longitude") is not None or "longitude" in self.errors
        if has_latitude and not has_longitude:
            self.add_error("longitude", "Give the longitude too, or clear the latitude.")
        elif has_longitude and not has_latitude:
            self.add_error("latitude", "Give the latitude too, or clear the longitude.")
        return cleaned

    def changes(self) -> dict[str, Any]:
        """Clean values as keyword arguments for ``create_story`` and ``update_story``."""
        data = dict(self.cleaned_data)
        data["bylines"] = list(data["bylines"])
        return data

    def add_service_errors(self, error: ValidationError) -> None:
        """Show a ``ValidationError`` raised by a service beside the field it is about."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for field, messages in error.message_dict.items():
            target = field if field in self.fields else None
            if target is None and field != NON_FIELD_ERRORS:
                messages = [f"{field.replace('_', ' ').capitalize()}: {m}" for m in messages]
            self.add_error(target, messages)


def _to_stored_precision(value: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    return value.quantize(COORDINATE_PLACES, rounding=ROUND_HALF_UP)
