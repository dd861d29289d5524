"""What the API reads and writes: output serializers that render, input ones that only validate.

Input serializers check shape, types and ranges, turn slugs and usernames into
rows, and hand the services plain keyword arguments; they never save.  The
rules of the newsroom (who may do what, the workflow, tag clean-up, byline
limits) stay in ``newsbudget.stories.services`` so the API and the staff pages
cannot disagree.  Unknown fields are refused rather than ignored: a typo such
as ``headlin`` or an attempt to set ``status`` directly gets a 400 that says
so, instead of a 200 that silently did less than asked.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.validators import slug_re
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from newsbudget.accounts.models import User
from newsbudget.desks.models import Desk
from newsbudget.stories import policies, services
from newsbudget.stories.models import MAX_WORD_COUNT, Status, Story, Tag
from newsbudget.stories.workflow import TRANSITIONS

MAX_BODY_LENGTH = 500_000
"""Characters; far beyond the longest story MAX_WORD_COUNT allows, but bounded."""

TRANSITION_CHOICES = [(name, transition.label) for name, transition in TRANSITIONS.items()]


# --- Output -----------------------------------------------------------------


class DeskSerializer(serializers.ModelSerializer[Desk]):
    """A desk (section) of the newsroom."""

    class Meta:
        model = Desk
        fields = ["slug", "name"]
        read_only_fields = fields


class DeskListSerializer(serializers.ModelSerializer[Desk]):
    """A desk (section) of the newsroom, with its public front page."""

    url = serializers.SerializerMethodField(help_text="The desk's public front page.")

    class Meta:
        model = Desk
        fields = ["slug", "name", "description", "url"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, desk: Desk) -> str:
        return self.context["request"].build_absolute_uri(desk.get_absolute_url())


class BylineSerializer(serializers.Serializer[User]):
    """A person credited on a story."""

    username = serializers.CharField()
    name = serializers.CharField(source="byline", help_text="The name printed on the story.")


class LocationSerializer(serializers.Serializer[Story]):
    """Where a story happens: a place name, with coordinates when known."""

    name = serializers.CharField(source="location_name")
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)


class StorySerializer(serializers.ModelSerializer[Story]):
    """A story, as the API shows it."""

    # Rendering expects a queryset from ``queries.with_relations``; with the
    # bylines prefetched, ``policies.moves_allowed`` costs no query per story.

    url = serializers.SerializerMethodField(
        help_text="The public page, for Live stories only; null otherwise."
    )
    desk = DeskSerializer(read_only=True)
    bylines = BylineSerializer(many=True, read_only=True)
    tags: serializers.SlugRelatedField[Tag] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="name", help_text="Tag names."
    )
    location = serializers.SerializerMethodField(
        help_text="Where the story happens; null when it has no place."
    )
    transitions = serializers.SerializerMethodField(
        help_text="Workflow moves you may make on this story now (empty for the public)."
    )

    class Meta:
        model = Story
        fields = [
            "id",
            "url",
            "slug",
            "headline",
            "summary",
            "body",
            "status",
            "desk",
            "bylines",
            "tags",
            "budget_date",
            "publish_at",
            "published_at",
            "word_count",
            "location",
            "created_at",
            "updated_at",
            "transitions",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_url(self, story: Story) -> str | None:
        if story.status != Status.LIVE:
            return None
        return self.context["request"].build_absolute_uri(story.get_absolute_url())

    @extend_schema_field(LocationSerializer(allow_null=True))
    def get_location(self, story: Story) -> dict[str, Any] | None:
        if not story.location_name and not story.has_location:
            return None
        return LocationSerializer(story).data

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(list(TRANSITIONS))))
    def get_transitions(self, story: Story) -> list[str]:
        return [move.name for move in policies.moves_allowed(self.context["request"].user, story)]


class DeskPlanSerializer(serializers.Serializer[Any]):
    """One desk's part of the budget."""

    desk = DeskSerializer()
    planned_words = serializers.IntegerField(help_text="Words planned, spiked stories excluded.")
    stories = StorySerializer(many=True)


class BudgetSerializer(serializers.Serializer[Any]):
    """The plan for one day: every desk with its stories, in workflow order."""

    date = serializers.DateField()
    desks = DeskPlanSerializer(many=True, help_text="Every desk, in newsroom order.")


# --- Input ------------------------------------------------------------------


class StrictSerializer(serializers.Serializer[Any]):
    """Refuses fields it does not know instead of silently dropping them."""

    refused_messages: dict[str, str] = {}

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        refused = {}
        if isinstance(data, Mapping):
            refused = {
                name: [self.refused_messages.get(name, "This field cannot be set.")]
                for name in sorted(set(data) - set(self.fields))
            }
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as error:
            if refused and isinstance(error.detail, dict):
                raise serializers.ValidationError({**error.detail, **refused}) from None
            raise
        if refused:
            raise serializers.ValidationError(refused)
        return value


class CoordinateField(serializers.DecimalField):
    """A decimal that is rounded to the stored precision instead of refused for extra digits."""

    def __init__(self, limit: int, **kwargs: Any) -> None:
        super().__init__(
            max_digits=8,
            decimal_places=5,
            min_value=Decimal(-limit),
            max_value=Decimal(limit),
            coerce_to_string=False,
            **kwargs,
        )

    def validate_precision(self, value: Decimal) -> Decimal:
        if abs(value) >= 1000:
            self.fail("max_whole_digits", max_whole_digits=3)
        return value


class DeskSlugField(serializers.SlugRelatedField[Desk]):
    """A desk named by its slug; text that cannot be a slug is refused without a query.

    (PostgreSQL answers a lookup of text with a NUL byte with an error, not a miss.)
    """

    def to_internal_value(self, data: Any) -> Desk:
        if not isinstance(data, str):
            self.fail("invalid")
        if not slug_re.match(data):
            self.fail("does_not_exist")
        return super().to_internal_value(data)


class LocationInputSerializer(StrictSerializer):
    """A place name and, optionally, both coordinates (rounded to 5 decimal places)."""

    name = serializers.CharField(max_length=200, allow_blank=True, default="")
    latitude = CoordinateField(90, allow_null=True, default=None)
    longitude = CoordinateField(180, allow_null=True, default=None)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """The whole location, even inside a PATCH (where DRF skips defaults)."""
        location = {
            "name": attrs.get("name", ""),
            "latitude": attrs.get("latitude"),
            "longitude": attrs.get("longitude"),
        }
        if (location["latitude"] is None) != (location["longitude"] is None):
            raise serializers.ValidationError("Give both latitude and longitude, or neither.")
        return location


class StoryInputSerializer(StrictSerializer):
    """A new story (POST), or a story's editable fields (PUT; PATCH with any subset).

    Unknown fields are refused; the status changes only through the transitions endpoint.
    """

    refused_messages = {
        "status": "The status changes only through POST /api/v1/stories/{id}/transitions/.",
    }

    desk = DeskSlugField(
        slug_field="slug",
        queryset=Desk.objects.all(),
        help_text="The desk's slug.",
        error_messages={
            "does_not_exist": "There is no desk with that slug.",
            "invalid": "Give the desk's slug as a string.",
        },
    )
    headline = serializers.CharField(max_length=200)
    budget_date = serializers.DateField(
        help_text="The day the story is planned to run.",
        error_messages={"invalid": "Give a real date as YYYY-MM-DD."},
    )
    summary = serializers.CharField(max_length=1000, allow_blank=True, required=False)
    body = serializers.CharField(
        max_length=MAX_BODY_LENGTH,
        allow_blank=True,
        required=False,
        trim_whitespace=False,
        help_text="HTML; cleaned against an allowlist when saved.",
    )
    bylines = serializers.ListField(
        child=serializers.CharField(max_length=150),
        max_length=services.MAX_BYLINES,
        required=False,
        help_text="Usernames; a new story defaults to you.",
    )
    tags = serializers.ListField(
        child=serializers.CharField(max_length=200),
        max_length=services.MAX_TAGS,
        required=False,
        help_text="Tag names; new tags are created.",
    )
    publish_at = serializers.DateTimeField(
        allow_null=True, required=False, help_text="When a scheduled story goes live."
    )
    word_count = serializers.IntegerField(min_value=0, max_value=MAX_WORD_COUNT, required=False)
    location = LocationInputSerializer(
        allow_null=True, required=False, help_text="Replaces the whole location; null clears it."
    )

    def validate_bylines(self, usernames: list[str]) -> list[User]:
        wanted = list(dict.fromkeys(usernames))
        people = {person.username: person for person in User.objects.filter(username__in=wanted)}
        unknown = [name for name in wanted if name not in people]
        if unknown:
            raise serializers.ValidationError(f"No staff member is called {', '.join(unknown)}.")
        return [people[name] for name in wanted]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """Flatten ``location`` into the story's ``location_name``, ``latitude``, ``longitude``."""
        if "location" not in attrs:
            return attrs
        location = attrs.pop("location") or {"name": "", "latitude": None, "longitude": None}
        attrs["location_name"] = location["name"]
        attrs["latitude"] = location["latitude"]
        attrs["longitude"] = location["longitude"]
        return attrs


class TransitionInputSerializer(StrictSerializer):
    """One workflow move, by name."""

    transition = serializers.ChoiceField(
        choices=TRANSITION_CHOICES, help_text="The workflow move to make."
    )
