"""Listing a sharded model in the Django admin: one shard at a time, chosen by a filter.

The admin's changelist needs one queryset (it counts, pages and filters in
SQL), and a queryset lives on one database, so a sharded model is listed per
shard: ``ShardedAdminMixin`` pins the admin's queryset to the shard picked in
the "Shard" filter (``?shard=``, the first shard by default), and object pages
keep the choice through the admin's preserved filters.  Fan-out sums belong
in reports (``placement.on_each_shard``), not in a paginated list.  With
sharding off the filter hides itself and nothing changes.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest, QueryDict

from ops.sharding import placement

PARAMETER = "shard"


def chosen_shard(request: HttpRequest) -> str:
    """The shard the request asks for (also inside preserved filters), else the first."""
    names = placement.ring_names()
    preserved = QueryDict(request.GET.get("_changelist_filters", ""))
    for asked in (request.GET.get(PARAMETER), preserved.get(PARAMETER)):
        if asked in names:
            return str(asked)
    return names[0]


class ShardListFilter(admin.SimpleListFilter):
    title = "shard"
    parameter_name = PARAMETER

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(name, name) for name in placement.ring_names()]

    def has_output(self) -> bool:
        return placement.enabled()

    def value(self) -> Any:
        names: list[str | None] = [*placement.ring_names(), None]
        return super().value() or names[0]

    def choices(self, changelist: Any) -> Any:
        for lookup, title in self.lookup_choices:  # no "All": a list is of one shard
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset  # already pinned by ShardedAdminMixin.get_queryset


class ShardedAdminMixin:
    """For the ``ModelAdmin`` of a sharded model: its rows come from the chosen shard."""

    def get_queryset(self, request: HttpRequest) -> QuerySet[Model]:
        queryset: QuerySet[Model] = super().get_queryset(request)  # type: ignore[misc]
        return queryset.using(chosen_shard(request)) if placement.enabled() else queryset
