"""Purge the nginx microcache shipped in deploy/nginx/: one GET per page to each node's purge URL.

deploy/nginx keys a cached page as ``<scheme>://<host><path>`` (never the
query string) and exposes ``/_purge/<scheme>/<host><path>`` to the addresses
allowed to purge.  The answer is 200 (purged) or 404 (it was not cached, which
is just as good); anything else — 403 from an address not on the allow list,
a 5xx, no answer — is a failure.  Every node in ``urls`` is purged, since each
nginx keeps its own cache.
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from django.core.exceptions import ImproperlyConfigured

from ops.purge.backends.base import PurgeBackend, PurgeError
from ops.purge.http import send

PURGED_OR_NOT_CACHED = (200, 404)


def purge_path(url: str) -> str:
    """The purge location's path for the page at absolute ``url``.

    >>> purge_path("https://News.Example.org:8443/stories/harbour-bridge/?utm_source=x")
    '/_purge/https/news.example.org/stories/harbour-bridge/'
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PurgeError(f"Cannot purge {url!r}: not an absolute http(s) URL")
    return f"/_purge/{parts.scheme}/{parts.hostname}{quote(parts.path or '/')}"


class NginxPurge(PurgeBackend):
    """``urls``: the base URL of each nginx node's purge endpoint, e.g. http://127.0.0.1:8080."""

    def __init__(self, *, urls: list[str], timeout: float) -> None:
        if not urls:
            raise ImproperlyConfigured("NginxPurge needs the base URL of at least one nginx node")
        for node in urls:
            parts = urlsplit(node)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise ImproperlyConfigured(
                    f"NginxPurge: {node!r} is not an http(s) base URL such as http://127.0.0.1:8080"
                )
        self.nodes = [node.rstrip("/") for node in urls]
        self.timeout = timeout

    def purge(self, urls: list[str]) -> None:
        for node in self.nodes:
            for url in urls:
                reply = send("GET", node + purge_path(url), timeout=self.timeout)
                if reply.status not in PURGED_OR_NOT_CACHED:
                    raise PurgeError(
                        f"nginx at {node} answered {reply.status} to the purge of {url}: "
                        f"{reply.excerpt()}"
                    )
