"""Page-number pagination for API lists: ``count``, ``next``, ``previous`` and ``results``.

Page numbers (rather than cursors) because newsroom clients jump to "page 3 of
the sports desk"; the page size is the client's choice through ``page_size``,
capped so no request can ask the database for an unbounded page.
"""

from __future__ import annotations

from rest_framework.pagination import PageNumberPagination

MAX_PAGE_SIZE = 100


class StoryPagination(PageNumberPagination):
    """``?page=N&page_size=M``; M defaults to ``REST_FRAMEWORK["PAGE_SIZE"]``, at most 100."""

    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    invalid_page_message = "There is no page {page_number} of these results."
