"""Partner API keys in the Django admin: issue (the key is shown once), revoke, and read usage.

Issuing goes through ``services.save_new_key``, and the full key is rendered
straight into the page that follows the save — never put in a message, a
cookie or the session — with ``Cache-Control: no-store``.  The key list shows
each key's requests today and this month (flushed + buffered) for the whole
page in one query and one cache read.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html

from ops.apikeys import queries, services
from ops.apikeys.models import APIKey, KeyUsage
from ops.sharding import placement
from ops.sharding.admin import ShardedAdminMixin, ShardListFilter

EDITABLE = ["partner", "contact_email", "expires_at", "daily_quota", "monthly_quota", "rate"]
RECORDED = ["prefix", "created_by", "created_at", "revoked_at"]
ISSUED_ATTRIBUTE = "_apikeys_issued_secret"


@admin.register(APIKey)
class APIKeyAdmin(admin.ModelAdmin):
    list_display = [
        "prefix",
        "partner",
        "state",
        "requests_today",
        "requests_this_month",
        "usage",
        "expires_at",
        "created_at",
        "created_by",
    ]
    list_select_related = ["created_by"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter), "created_at"]
    search_fields = ["partner", "prefix", "contact_email"]
    actions = ["revoke_selected"]

    def get_fieldsets(self, request: HttpRequest, obj: APIKey | None = None) -> Any:
        if obj is None:
            note = "The key is shown once, on the page after you save. Store it then."
            return [(None, {"fields": EDITABLE, "description": note})]
        return [(None, {"fields": EDITABLE}), ("Record", {"fields": RECORDED})]

    def get_readonly_fields(self, request: HttpRequest, obj: APIKey | None = None) -> list[str]:
        return [] if obj is None else RECORDED

    def has_delete_permission(self, request: HttpRequest, obj: APIKey | None = None) -> bool:
        """Keys are revoked, not deleted, so their usage history stays (superusers excepted)."""
        return bool(getattr(request.user, "is_superuser", False))

    def save_model(self, request: HttpRequest, obj: APIKey, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        issued = services.save_new_key(key=obj, created_by=request.user)
        setattr(request, ISSUED_ATTRIBUTE, issued.secret)

    def response_add(
        self, request: HttpRequest, obj: APIKey, post_url_continue: str | None = None
    ) -> HttpResponse:
        """The page that shows the new key, once."""
        secret = getattr(request, ISSUED_ATTRIBUTE, None)
        if secret is None:  # pragma: no cover - every add goes through save_model
            return super().response_add(request, obj, post_url_continue)
        context = {
            **self.admin_site.each_context(request),
            "title": f"API key issued to {obj.partner}",
            "opts": self.opts,
            "key": obj,
            "secret": secret,
            "change_url": reverse("admin:apikeys_apikey_change", args=[obj.pk]),
            "add_url": reverse("admin:apikeys_apikey_add"),
        }
        response = TemplateResponse(request, "admin/apikeys/apikey/key_issued.html", context)
        add_never_cache_headers(response)
        return response

    def get_changelist_instance(self, request: HttpRequest) -> Any:
        """The changelist, each listed key with its usage totals (one query, one cache read)."""
        changelist = super().get_changelist_instance(request)
        listed = list(changelist.result_list)
        totals = queries.used(key_ids=[key.pk for key in listed], now=timezone.now())
        for key in listed:
            key.usage_totals = totals[key.pk]
        return changelist

    @admin.display(description="State")
    def state(self, key: APIKey) -> str:
        return key.state(timezone.now())

    @admin.display(description="Requests today")
    def requests_today(self, key: APIKey) -> str:
        totals = getattr(key, "usage_totals", None)
        return "–" if totals is None else f"{totals.today:,}"

    @admin.display(description="This month")
    def requests_this_month(self, key: APIKey) -> str:
        totals = getattr(key, "usage_totals", None)
        return "–" if totals is None else f"{totals.month:,}"

    @admin.display(description="Usage")
    def usage(self, key: APIKey) -> str:
        url = reverse("admin:apikeys_keyusage_changelist")
        if placement.enabled():
            shard = placement.shard_for(key.pk)
            return format_html('<a href="{}?key_id={}&shard={}">by day</a>', url, key.pk, shard)
        return format_html('<a href="{}?key_id={}">by day</a>', url, key.pk)

    @admin.action(description="Revoke selected API keys", permissions=["change"])
    def revoke_selected(self, request: HttpRequest, queryset: QuerySet[APIKey]) -> None:
        revoked = [key.prefix for key in queryset if services.revoke_key(key=key)]
        if revoked:
            self.message_user(
                request, f"Revoked {len(revoked)} key(s): {', '.join(revoked)}.", messages.SUCCESS
            )
        else:
            self.message_user(request, "Those keys were already revoked.", messages.WARNING)


@admin.register(KeyUsage)
class KeyUsageAdmin(ShardedAdminMixin, admin.ModelAdmin):
    """Flushed usage rows, read-only (counts from the last minute are still in the cache).

    Rows are sharded by key, so the list shows one shard at a time (the
    "shard" filter; each key's "by day" link picks its shard).  Searching by
    a key's prefix or partner looks the keys up on default first.
    """

    list_display = ["day", "key_link", "endpoint", "count", "response_bytes"]
    list_filter = [ShardListFilter, "endpoint"]
    date_hierarchy = "day"
    search_fields = ["endpoint"]

    @admin.display(description="Key", ordering="key_id")
    def key_link(self, row: KeyUsage) -> str:
        url = reverse("admin:apikeys_apikey_change", args=[row.key_id])
        return format_html('<a href="{}">{}</a>', url, row.key_id)

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        found, duplicates = super().get_search_results(request, queryset, search_term)
        if search_term:
            keys = APIKey.objects.filter(
                Q(prefix__icontains=search_term) | Q(partner__icontains=search_term)
            ).values_list("pk", flat=True)
            found = found | queryset.filter(key_id__in=list(keys))
        return found, duplicates

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest) -> bool:
        return lookup == "key_id" or super().lookup_allowed(lookup, value, request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
