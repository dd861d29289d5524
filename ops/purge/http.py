"""The purge backends' one call to their service: ``ops.http.client`` with purge's own rules.

Every outbound call in the project goes through ``ops.http.client`` (timeout,
per-host circuit breaker, no redirects, logs without secrets).  This adapter
adds what is particular to purges:

- **No retries in the client.**  The ``purge_urls`` task already retries the
  whole list with a backoff of 10 s to 5 min; retrying inside the call as well
  would multiply the attempts and hold the worker on a failing API.
- **"No answer" becomes ``PurgeError``**, the one error the task understands
  (including ``CircuitOpen``: a CDN that failed five calls in a row is not
  called again for a while, and the task simply reschedules).
- Any HTTP answer (2xx to 5xx) is returned for the backend to judge, because
  "404" means success to nginx and failure to Fastly.
"""

from __future__ import annotations

from ops.http import client
from ops.http.client import Reply
from ops.purge.backends.base import PurgeError

__all__ = ["MAX_BODY_BYTES", "Reply", "send"]

MAX_BODY_BYTES = 64 * 1024


def send(
    method: str,
    url: str,
    *,
    timeout: float,
    headers: dict[str, str] | None = None,
    body: bytes | None = None,
) -> Reply:
    """Make one request; the reply, or ``PurgeError`` if none came within ``timeout`` seconds."""
    try:
        return client.request(
            method,
            url,
            timeout=timeout,
            retries=0,
            headers=headers,
            content=body,
            max_body_bytes=MAX_BODY_BYTES,
        )
    except client.OutboundError as error:
        raise PurgeError(f"Purge {error}") from error
