"""The contact form's messages in the Django admin: read-only, a record of what readers sent."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from newsbudget.pages.models import ContactMessage


@admin.register(ContactMessage)
class ContactMessageAdmin(admin.ModelAdmin[ContactMessage]):
    list_display = ("subject", "name", "email", "recipient", "created_at", "emailed_at")
    list_filter = ("emailed_at",)
    search_fields = ("subject", "name", "email")
    readonly_fields = (
        "page",
        "name",
        "email",
        "subject",
        "message",
        "recipient",
        "created_at",
        "emailed_at",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
