"""Purge Fastly's cache one URL at a time: POST https://api.fastly.com/purge/<host><path>.

Fastly's single-URL purge names the page without its scheme and authenticates
with the ``Fastly-Key`` header (an API token with purge rights).  It is the
simplest scheme that needs no change to how pages are served; surrogate keys
would purge a whole set of pages in one call, but need the app to tag every
response.  Anything but a 200 is a failure.
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from django.core.exceptions import ImproperlyConfigured

from ops.purge.backends.base import PurgeBackend, PurgeError
from ops.purge.http import send

API_URL = "https://api.fastly.com"


def without_scheme(url: str) -> str:
    """What Fastly's purge path names: host, path and any query, without the scheme.

    >>> without_scheme("https://news.example.org/stories/harbour-bridge/")
    'news.example.org/stories/harbour-bridge/'
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise PurgeError(f"Cannot purge {url!r}: not an absolute http(s) URL")
    query = f"?{parts.query}" if parts.query else ""
    return f"{parts.netloc}{quote(parts.path or '/')}{query}"


class FastlyPurge(PurgeBackend):
    def __init__(self, *, api_token: str, timeout: float, api_url: str = API_URL) -> None:
        if not api_token:
            raise ImproperlyConfigured("FastlyPurge needs an API token")
        self.api_url = api_url.rstrip("/")
        self.api_token = api_token
        self.timeout = timeout

    def purge(self, urls: list[str]) -> None:
        for url in urls:
            reply = send(
                "POST",
                f"{self.api_url}/purge/{without_scheme(url)}",
                timeout=self.timeout,
                headers={"Fastly-Key": self.api_token, "Accept": "application/json"},
            )
            if reply.status != 200:
                raise PurgeError(
                    f"Fastly answered {reply.status} to the purge of {url}: {reply.excerpt()}"
                )
