"""Purge Cloudflare's cache by URL: POST /zones/{zone}/purge_cache with up to 30 files per call.

Cloudflare's "purge files by URL" takes absolute URLs (scheme and host
included) and accepts at most 30 per request on most plans, so longer lists go
out in batches.  The API token needs the zone's "Cache Purge" permission and
travels as a Bearer token.  A call only counts as done when the answer is 200
with ``"success": true``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from django.core.exceptions import ImproperlyConfigured

from ops.purge.backends.base import PurgeBackend, PurgeError
from ops.purge.http import send

API_URL = "https://api.cloudflare.com/client/v4"
FILES_PER_CALL = 30


def batches(urls: list[str], size: int = FILES_PER_CALL) -> Iterator[list[str]]:
    """``urls`` in lists of at most ``size``.

    >>> [len(batch) for batch in batches([f"u{n}" for n in range(65)])]
    [30, 30, 5]
    """
    for start in range(0, len(urls), size):
        yield urls[start : start + size]


class CloudflarePurge(PurgeBackend):
    def __init__(
        self, *, zone_id: str, api_token: str, timeout: float, api_url: str = API_URL
    ) -> None:
        if not zone_id or not api_token:
            raise ImproperlyConfigured("CloudflarePurge needs a zone id and an API token")
        self.endpoint = f"{api_url.rstrip('/')}/zones/{zone_id}/purge_cache"
        self.api_token = api_token
        self.timeout = timeout

    def purge(self, urls: list[str]) -> None:
        for batch in batches(urls):
            self.purge_batch(batch)

    def purge_batch(self, urls: list[str]) -> None:
        reply = send(
            "POST",
            self.endpoint,
            timeout=self.timeout,
            headers={
                "Authorization": f"Bearer {self.api_token}",
                "Content-Type": "application/json",
                "Accept": "application/json",
            },
            body=json.dumps({"files": urls}).encode(),
        )
        answer = reply.json()
        if reply.status != 200 or not isinstance(answer, dict) or answer.get("success") is not True:
            raise PurgeError(
                f"Cloudflare answered {reply.status} to the purge of {len(urls)} URL(s): "
                f"{reply.excerpt()}"
            )
