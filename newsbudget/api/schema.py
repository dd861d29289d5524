"""Touches to the generated OpenAPI document that drf-spectacular cannot infer from the views.

The story list's filters, like any HTML form's, read an empty value as "not
given" (``?desk=&status=live`` filters by status only), and so do
``page_size`` and the usage endpoint's ``days``; the schema says so with
``allowEmptyValue``, so clients and the schemathesis fuzzer do not take an
empty value for a malformed one.

Every operation can also be refused with 429 by the rate limits
(``ops.throttle``, in front of every view) and, for API keys, by their own
limits and quotas, so each operation documents a 429 in the error format.
"""

from __future__ import annotations

from typing import Any

from newsbudget.api.filters import StoryFilter

EMPTY_MEANS_ABSENT = frozenset([*StoryFilter.base_filters, "page_size", "days"])


def only_the_api(endpoints: list[tuple[str, Any, Any, Any]], **kwargs: Any) -> list[Any]:
    """drf-spectacular pre-processing hook: document only /api/, not Wagtail's admin API.

    >>> only_the_api([("/api/v1/desks/", 1, 2, 3), ("/cms/api/main/pages/", 4, 5, 6)])
    [('/api/v1/desks/', 1, 2, 3)]
    """
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/")]


def empty_filters_mean_no_filter(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular post-processing hook: mark the list filters ``allowEmptyValue``."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query" and parameter["name"] in EMPTY_MEANS_ABSENT:
                    parameter["allowEmptyValue"] = True
    return result


TOO_MANY_REQUESTS = {
    "description": "Over a rate limit (per address, user or API key) or an API key's quota; "
    "Retry-After says when to try again.",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}


def every_operation_may_be_throttled(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular post-processing hook: a 429 on each operation that does not say its own."""
    if "Error" not in result.get("components", {}).get("schemas", {}):
        return result
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            operation.get("responses", {}).setdefault("429", TOO_MANY_REQUESTS)
    return result
