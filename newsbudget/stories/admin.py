"""Stories in the Django admin; status changes go through the workflow service, never a raw edit."""

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest

from newsbudget.budget import events
from newsbudget.stories import policies, services
from newsbudget.stories.errors import IllegalTransition
from newsbudget.stories.models import Story, StoryTransition, Tag


class TransitionInline(admin.TabularInline):
    model = StoryTransition
    extra = 0
    can_delete = False
    readonly_fields = ["name", "from_status", "to_status", "by", "at"]

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ["headline", "desk", "status", "budget_date", "published_at", "word_count"]
    list_filter = ["status", "desk", "budget_date"]
    search_fields = ["headline", "slug"]
    date_hierarchy = "budget_date"
    readonly_fields = ["status", "published_at", "created_by", "created_at", "updated_at"]
    filter_horizontal = ["bylines", "tags"]
    list_select_related = ["desk"]
    inlines = [TransitionInline]
    actions = ["publish_selected", "spike_selected"]

    def has_change_permission(self, request: HttpRequest, obj: Story | None = None) -> bool:
        """Desk scoping applies in the admin too: editors change only their desks' stories."""
        if obj is None:
            return super().has_change_permission(request)
        return policies.may_edit(request.user, obj)

    def save_model(self, request: HttpRequest, obj: Story, form: Any, change: bool) -> None:
        """The admin's form saves the row itself; the live budget boards still hear of it."""
        super().save_model(request, obj, form, change)
        planned_for = form.initial.get("budget_date") if change else None
        events.announce(
            story_id=obj.pk,
            days=[planned_for, obj.budget_date],
            change="edited" if change else "created",
        )

    def delete_model(self, request: HttpRequest, obj: Story) -> None:
        story_id, planned_for = obj.pk, obj.budget_date
        super().delete_model(request, obj)
        events.announce(story_id=story_id, days=[planned_for], change="deleted")

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Story]) -> None:
        """The changelist's "delete selected": every board showing one of them hears of it."""
        deleted = list(queryset.values_list("pk", "budget_date"))
        super().delete_queryset(request, queryset)
        for story_id, planned_for in deleted:
            events.announce(story_id=story_id, days=[planned_for], change="deleted")

    @admin.action(description="Publish selected stories", permissions=["change"])
    def publish_selected(self, request: HttpRequest, queryset: QuerySet[Story]) -> None:
        self._transition_each(request, queryset, "publish")

    @admin.action(description="Spike selected stories", permissions=["change"])
    def spike_selected(self, request: HttpRequest, queryset: QuerySet[Story]) -> None:
        self._transition_each(request, queryset, "spike")

    def _transition_each(self, request: HttpRequest, queryset: QuerySet[Story], name: str) -> None:
        done = 0
        for story in queryset:
            try:
                services.transition_story(story=story, name=name, by=request.user)  # type: ignore[arg-type]
                done += 1
            except (IllegalTransition, PermissionDenied, ValidationError) as error:
                self.message_user(request, f"{story}: {error}", messages.WARNING)
        self.message_user(request, f"{done} stories changed.", messages.SUCCESS)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
