"""Desks in the Django admin."""

from django.contrib import admin

from newsbudget.desks.models import Desk


@admin.register(Desk)
class DeskAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["staff"]
