"""Which endpoint a request was for: its URL route name, from a list the flush can enumerate.

Usage is counted per route name (``story-list``, ``budget``), never per path:
paths hold ids and free text, so a client could mint unbounded distinct
"endpoints".  Route names form a closed list — the named routes in the
API's URL namespace (``API_KEY_URL_NAMESPACE``), plus ``other`` for anything
unnamed — which is what lets ``metering.flush`` compute every buffer name
instead of scanning the cache.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpRequest
from django.urls import URLPattern, URLResolver, get_resolver

from ops.apikeys import conf

OTHER = "other"


def endpoint_of(request: HttpRequest) -> str:
    """The route name ``request`` resolved to in the API's namespace, else ``other``."""
    match = request.resolver_match
    if match is not None and match.url_name and match.namespace == conf.url_namespace():
        return match.url_name
    return OTHER


def metered_endpoints() -> list[str]:
    """Every name ``endpoint_of`` can return for the current URLconf, sorted."""
    names = set(named_routes(get_resolver().url_patterns, [], conf.url_namespace()))
    return sorted(names | {OTHER})


def named_routes(
    patterns: Iterable[URLPattern | URLResolver], namespaces: list[str], wanted: str
) -> Iterable[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = [*namespaces, pattern.namespace] if pattern.namespace else namespaces
            yield from named_routes(pattern.url_patterns, inner, wanted)
        elif pattern.name and ":".join(namespaces) == wanted:
            yield pattern.name
