"""Page-number pagination for API lists: ``count``, ``next``, ``previous`` and ``results``.

Page numbers (rather than cursors) because newsroom clients jump to "page 3 of
the sports desk"; the page size is the client's choice through ``page_size``,
capped so no request can ask the database for an unbounded page.

The ``next`` and ``previous`` links carry only the parameters the list reads
(its filters and ``page_size``, once each) and the page number.  DRF's own
links repeat the whole query string, so ``?utm_source=…`` would end up inside
a response the page cache shares with every anonymous reader; here a
response depends only on what the cache key holds (see ``caching``).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request

from newsbudget.api.filters import StoryFilter

MAX_PAGE_SIZE = 100


class StoryPagination(PageNumberPagination):
    """``?page=N&page_size=M``; M defaults to ``REST_FRAMEWORK["PAGE_SIZE"]``, at most 100."""

    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    invalid_page_message = "There is no page {page_number} of these results."
    linked_parameters = sorted([*StoryFilter.base_filters, "page_size"])

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        """DRF's parameters, saying what the page numbers and sizes may be."""
        parameters: list[dict[str, Any]] = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == "page":
                parameter["schema"]["minimum"] = 1
            else:
                parameter["description"] = (
                    f"Stories per page, at most {MAX_PAGE_SIZE} (more is served as "
                    f"{MAX_PAGE_SIZE}); anything but a positive whole number gives the default, 20."
                )
        return parameters

    def get_next_link(self) -> str | None:
        if self.page is None or self.request is None or not self.page.has_next():
            return None
        return link_to(self.request, self.linked_parameters, self.page.next_page_number())

    def get_previous_link(self) -> str | None:
        if self.page is None or self.request is None or not self.page.has_previous():
            return None
        return link_to(self.request, self.linked_parameters, self.page.previous_page_number())


def link_to(request: Request, parameters: list[str], page: int) -> str:
    """The requested list at ``page``, with those of ``parameters`` it was asked with."""
    query = {name: value for name in parameters if (value := request.query_params.get(name))}
    if page != 1:
        query["page"] = str(page)
    url = request.build_absolute_uri(request.path)
    return f"{url}?{urlencode(sorted(query.items()))}" if query else url
