"""Page views in the Django admin, to read only: the counts come from the scheduler's flush."""

from django.contrib import admin
from django.http import HttpRequest

from newsbudget.readership.models import StoryViews


@admin.register(StoryViews)
class StoryViewsAdmin(admin.ModelAdmin):
    list_display = ["story", "day", "count"]
    list_select_related = ["story"]
    list_filter = ["day", "story__desk"]
    search_fields = ["story__headline", "story__slug"]
    date_hierarchy = "day"
    readonly_fields = ["story", "day", "count"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
