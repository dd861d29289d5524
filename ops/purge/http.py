"""The outbound HTTP client the purge backends share: one call, always with a timeout.

The standard library's ``urllib`` is enough for a handful of small JSON calls
and adds no dependency.  Every request has a timeout (bounding the connect and
each read); a network failure or timeout becomes ``PurgeError``, while any
HTTP answer (2xx to 5xx) is returned for the backend to judge, because "404"
means success to one service and failure to another.  Redirects are not
followed: a purge API that redirects is misconfigured, and following it could
send the credentials elsewhere.
"""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from ops.purge.backends.base import PurgeError

MAX_BODY_BYTES = 64 * 1024


@dataclass(frozen=True)
class Reply:
    """What the service answered: its status code and (the start of) its body."""

    status: int
    body: bytes

    def json(self) -> Any:
        """The body as JSON, or None if it is not JSON."""
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    def excerpt(self) -> str:
        """The start of the body, fit for an error message."""
        return self.body[:300].decode(errors="replace").strip()


class RefuseRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(RefuseRedirects())


def send(
    method: str,
    url: str,
    *,
    timeout: float,
    headers: dict[str, str] | None = None,
    body: bytes | None = None,
) -> Reply:
    """Make one request; the reply, or ``PurgeError`` if none came within ``timeout`` seconds."""
    if not url.startswith(("http://", "https://")):
        raise PurgeError(f"Refusing to send a purge to {url!r}: only http(s) URLs")
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})  # noqa: S310 - scheme checked above
    try:
        with opener().open(request, timeout=timeout) as response:
            return Reply(response.status, response.read(MAX_BODY_BYTES))
    except urllib.error.HTTPError as error:
        with error:
            return Reply(error.code, error.read(MAX_BODY_BYTES))
    except (urllib.error.URLError, http.client.HTTPException, OSError) as error:
        reason = getattr(error, "reason", error)
        raise PurgeError(f"{method} {url} failed: {reason}") from error
