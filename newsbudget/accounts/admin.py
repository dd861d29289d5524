"""Staff accounts in the Django admin, with the two recovery actions an admin needs.

- "Reset two-factor authentication": for someone who lost their phone and
  their recovery codes; they enrol a new app at their next sign-in.
- "Unlock sign-in": clears the failed sign-ins django-axes recorded for the
  selected usernames (the same as ``manage.py axes_reset_username``).
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest

from newsbudget.accounts import services
from newsbudget.accounts.models import User


@admin.register(User)
class StaffAdmin(UserAdmin):
    list_display = ("username", "email", "first_name", "last_name", "is_staff", "has_2fa")
    list_filter = (*UserAdmin.list_filter, "has_2fa")
    readonly_fields = ("has_2fa",)
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        ("Two-factor authentication", {"fields": ("has_2fa",)}),
    )
    actions = ("reset_two_factor", "unlock_sign_in")

    @admin.action(description="Reset two-factor authentication", permissions=["change"])
    def reset_two_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            services.reset_two_factor(user=user, by=request.user)  # type: ignore[arg-type]
        self.message_user(
            request,
            f"Two-factor authentication reset for {queryset.count()} account(s); they enrol "
            "a new authenticator app at their next sign-in.",
            messages.SUCCESS,
        )

    @admin.action(description="Unlock sign-in (clear failed attempts)", permissions=["change"])
    def unlock_sign_in(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        cleared = sum(services.unlock_sign_in(username=user.username) for user in queryset)
        self.message_user(
            request,
            f"Cleared {cleared} lockout record(s) for {queryset.count()} account(s).",
            messages.SUCCESS,
        )
