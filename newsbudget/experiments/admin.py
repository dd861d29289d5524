"""Headline tests in the Django admin, to read only: editors run them from the newsroom pages."""

from django.contrib import admin
from django.http import HttpRequest

from newsbudget.experiments.models import HeadlineTest, HeadlineVariant


class VariantInline(admin.TabularInline):
    model = HeadlineVariant
    fields = ("position", "headline", "impressions", "clicks")
    readonly_fields = ("position", "headline", "impressions", "clicks")
    extra = 0
    can_delete = False


@admin.register(HeadlineTest)
class HeadlineTestAdmin(admin.ModelAdmin):
    list_display = ["story", "started_at", "ended_at", "winner"]
    list_select_related = ["story"]
    search_fields = ["story__headline", "story__slug"]
    readonly_fields = ["story", "started_at", "started_by", "ended_at", "ended_by", "winner"]
    inlines = [VariantInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
