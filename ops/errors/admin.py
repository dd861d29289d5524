"""Error groups in the Django admin: read-only, searchable, with a "mark resolved" action."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from ops.errors.models import ErrorGroup


@admin.register(ErrorGroup)
class ErrorGroupAdmin(admin.ModelAdmin[ErrorGroup]):
    list_display = ["exception_type", "location", "kind", "count", "last_seen", "resolved_at"]
    list_filter = ["kind", ("resolved_at", admin.EmptyFieldListFilter)]
    search_fields = ["exception_type", "location", "message", "last_request_id"]
    readonly_fields = [field.name for field in ErrorGroup._meta.fields]
    actions = ["mark_resolved"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="Mark resolved (reopens if it happens again)", permissions=["change"])
    def mark_resolved(self, request: HttpRequest, queryset: QuerySet[ErrorGroup]) -> None:
        updated = queryset.update(resolved_at=timezone.now())
        self.message_user(request, f"Marked {updated} error group(s) resolved.")
