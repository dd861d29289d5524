"""The one outbound HTTP client: every call this project makes to another service goes through it.

Calls to other services fail in a handful of ways that each need the same
care, so it lives here once instead of in every caller:

- **A timeout on every call** (``settings.HTTP_CLIENT_TIMEOUT_SECONDS``) for
  connecting and for each read, and the whole answer must arrive within twice
  that, so a server that trickles its body cannot hold a thread either.
- **Retries only where repeating is harmless.**  GET, HEAD, OPTIONS, PUT,
  DELETE and PURGE are idempotent (RFC 9110 §9.2.2; PURGE, nginx's and
  Varnish's, only drops a cache entry), so they are retried
  (``settings.HTTP_CLIENT_RETRIES`` times) on a connection error, a timeout, a
  dropped connection or a 502/503/504, after an exponential backoff with
  jitter (so many processes retrying do not arrive together).  A POST is never
  retried unless the caller says it is safe (``idempotent=True``): a
  repeated POST may charge, send or publish twice.  A ``Retry-After`` of at
  most ``MAX_RETRY_AFTER_SECONDS`` is honoured; a longer one is the server
  asking for more patience than a caller should spend, so the 503 is returned.
- **A circuit breaker per origin** (``ops.http.breaker``): after
  ``HTTP_CLIENT_BREAKER_FAILURES`` consecutive failed calls the origin is not
  called for ``HTTP_CLIENT_BREAKER_RESET_SECONDS``; calls raise ``CircuitOpen``
  at once.  A failed call is one that got no answer or only a 502/503/504 —
  the "service is not there" answers; any other status is an answer.
- **Answers are returned, not raised.**  Any HTTP status comes back as a
  ``Reply`` for the caller to judge (a 404 is success to a purge and failure to
  a lookup); only "no answer" raises ``OutboundError``.
- **Nothing surprising is followed or sent.**  Only http(s) URLs are accepted,
  redirects are not followed unless asked (following one could carry
  credentials to another host), bodies are read up to ``max_body_bytes``.
- **Logs never carry secrets.**  Failed and retried calls are logged at
  WARNING on ``ops.http`` as ``METHOD scheme://host[:port]/path`` — never the
  userinfo, the query string, headers or bodies — and ``redact_path=True``
  hides the path too, for URLs whose path is the secret (chat webhooks).
  A call refused by an open circuit is logged at DEBUG only: the circuit
  opening was a WARNING, and a line per refused call would flood the log for
  the length of an outage.

One ``httpx.Client`` is shared per process (created lazily, and again after a
fork) so calls reuse connections and TLS set-up.  Environment proxies
(``HTTPS_PROXY``/``NO_PROXY``) are honoured, as urllib did before.
"""

from __future__ import annotations

import email.utils
import json as jsonlib
import logging
import os
import random
import re
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx
from django.conf import settings

from ops.http.breaker import breakers

logger = logging.getLogger("ops.http")

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "PURGE"})
RETRY_STATUSES = frozenset({502, 503, 504})
MAX_BODY_BYTES = 1024 * 1024
BACKOFF_FIRST_SECONDS = 0.1
BACKOFF_MAX_SECONDS = 2.0
MAX_RETRY_AFTER_SECONDS = 2.0
# Errors after which the same request may well succeed (the server or the network hiccuped).
TRANSIENT_ERRORS = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)


class OutboundError(Exception):
    """No answer came: the network failed, the call timed out, or it was not sent at all."""

    def __init__(self, method: str, url: str, reason: str) -> None:
        super().__init__(f"{method} {url} failed: {reason}")
        self.method, self.url, self.reason = method, url, reason


class CircuitOpen(OutboundError):
    """Not sent: the origin failed too often lately, and its circuit is open."""


class RefusedURL(OutboundError, ValueError):
    """Not sent: the URL is not an absolute http(s) URL."""


@dataclass(frozen=True)
class Reply:
    """What the service answered.  ``headers`` has lower-case names; ``body`` is capped."""

    status: int
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)
    truncated: bool = False
    elapsed: float = 0.0

    @property
    def ok(self) -> bool:
        """Whether the status is 2xx."""
        return 200 <= self.status < 300

    def json(self) -> Any:
        """The body as JSON, or None if it is not JSON.

        >>> Reply(200, b'{"success": true}').json()
        {'success': True}
        >>> Reply(502, b"<html>Bad gateway</html>").json() is None
        True
        """
        try:
            return jsonlib.loads(self.body)
        except ValueError:
            return None

    def excerpt(self, limit: int = 300) -> str:
        """The start of the body as text, fit for an error message."""
        return self.body[:limit].decode(errors="replace").strip()


def request(
    method: str,
    url: str,
    *,
    timeout: float | None = None,
    retries: int | None = None,
    headers: Mapping[str, str] | None = None,
    json: Any = None,
    content: bytes | None = None,
    follow_redirects: bool = False,
    max_body_bytes: int = MAX_BODY_BYTES,
    idempotent: bool | None = None,
    breaker: bool = True,
    redact_path: bool = False,
) -> Reply:
    """Send one request (retrying it if that is safe) and return the answer, whatever its status.

    ``timeout`` and ``retries`` default to the HTTP_CLIENT_* settings.
    ``idempotent`` overrides the method's own nature for retries (a POST to a
    purge-by-URL API is safe to repeat; say so).  ``breaker=False`` neither
    consults nor feeds the circuit breaker: for monitors, which must see each
    failure themselves.  Raises ``OutboundError`` (``CircuitOpen``,
    ``RefusedURL``) when there is no answer.
    """
    method = method.upper()
    target, label = checked_url(method, url, redact_path=redact_path)
    timeout = setting("HTTP_CLIENT_TIMEOUT_SECONDS", 3.0) if timeout is None else timeout
    retries = setting("HTTP_CLIENT_RETRIES", 2) if retries is None else retries
    if timeout <= 0 or retries < 0:
        raise ValueError(f"timeout must be more than 0 and retries 0 or more: {timeout}, {retries}")
    if json is not None and content is not None:
        raise ValueError("Pass either json or content, not both")
    sent_headers = dict(headers or {})
    if json is not None:
        content = jsonlib.dumps(json).encode()
        if not any(name.lower() == "content-type" for name in sent_headers):
            sent_headers["Content-Type"] = "application/json"
    safe_to_repeat = method in IDEMPOTENT_METHODS if idempotent is None else idempotent
    attempts = 1 + (retries if safe_to_repeat else 0)
    call = Call(method, target, label, timeout, sent_headers, content, follow_redirects,
                max_body_bytes)  # fmt: skip
    if not breaker:
        return attempt_all(call, attempts)

    host = f"[{target.host}]" if ":" in target.host else target.host
    origin = f"{target.scheme}://{host}:{target.port or default_port(target.scheme)}"
    reset_seconds = setting("HTTP_CLIENT_BREAKER_RESET_SECONDS", 30.0)
    admission = breakers.admit(origin, reset_seconds=reset_seconds)
    if not admission.allowed:
        logger.debug("%s %s not sent: circuit open", method, label)
        raise CircuitOpen(
            method,
            label,
            f"not sent: the circuit for {origin} is open after {admission.failures} consecutive "
            f"failures (next trial in {admission.retry_in:.1f} s)",
        )
    trial = admission.trial
    verdict_given = False

    def failed() -> None:
        threshold = setting("HTTP_CLIENT_BREAKER_FAILURES", 5)
        breakers.failed(origin, trial=trial, threshold=threshold, reset_seconds=reset_seconds)

    try:
        try:
            # The half-open trial is one call, not a volley.
            reply = attempt_all(call, 1 if trial else attempts)
        except OutboundError as error:
            if isinstance(error.__cause__, TRANSIENT_ERRORS):
                failed()
                verdict_given = True
            raise
        if reply.status in RETRY_STATUSES:
            failed()
        else:
            breakers.succeeded(origin, trial=trial)
        verdict_given = True
        return reply
    finally:
        if trial and not verdict_given:
            breakers.abandoned(origin)


@dataclass(frozen=True)
class Call:
    """One request as checked by ``request``, ready to be attempted."""

    method: str
    target: httpx.URL
    label: str
    timeout: float
    headers: dict[str, str]
    content: bytes | None
    follow_redirects: bool
    max_body_bytes: int


def attempt_all(call: Call, attempts: int) -> Reply:
    """Up to ``attempts`` tries, with a backoff between them; the last answer, or the last error."""
    method, label = call.method, call.label
    for attempt in range(1, attempts + 1):
        last = attempt == attempts
        try:
            reply = attempt_once(call)
        except httpx.HTTPError as error:
            reason = describe(error, call.timeout)
            if last or not isinstance(error, TRANSIENT_ERRORS):
                logger.warning("%s %s failed: %s (attempt %s of %s, giving up)",
                               method, label, reason, attempt, attempts)  # fmt: skip
                raise OutboundError(method, label, reason) from error
            wait = backoff(attempt)
            logger.warning("%s %s failed: %s (attempt %s of %s, retrying in %.2f s)",
                           method, label, reason, attempt, attempts, wait)  # fmt: skip
            time.sleep(wait)
            continue
        if reply.status not in RETRY_STATUSES:
            return reply
        wait_or_none = None if last else retry_wait(reply, attempt)
        if wait_or_none is None:
            logger.warning("%s %s answered %s (attempt %s of %s, giving up)",
                           method, label, reply.status, attempt, attempts)  # fmt: skip
            return reply
        logger.warning("%s %s answered %s (attempt %s of %s, retrying in %.2f s)",
                       method, label, reply.status, attempt, attempts, wait_or_none)  # fmt: skip
        time.sleep(wait_or_none)
    raise AssertionError("unreachable: the last attempt returns or raises")  # pragma: no cover


def attempt_once(call: Call) -> Reply:
    """One exchange: the status, headers and at most ``max_body_bytes`` of the body."""
    started = time.monotonic()
    deadline = started + 2 * call.timeout
    with shared_client().stream(
        call.method,
        call.target,
        headers=call.headers,
        content=call.content,
        timeout=httpx.Timeout(call.timeout),
        follow_redirects=call.follow_redirects,
    ) as response:
        body, truncated = bytearray(), False
        for chunk in response.iter_bytes():
            room = call.max_body_bytes - len(body)
            if len(chunk) > room:
                body += chunk[:room]
                truncated = True
                break
            body += chunk
            if time.monotonic() > deadline:
                raise httpx.ReadTimeout("the body did not arrive in time", request=response.request)
        return Reply(
            status=response.status_code,
            body=bytes(body),
            headers=dict(response.headers.items()),
            truncated=truncated,
            elapsed=time.monotonic() - started,
        )


def backoff(attempt: int) -> float:
    """Seconds to wait after failed attempt ``attempt`` (1-based): doubling, capped, jittered.

    Between half and all of 0.1 s, 0.2 s, 0.4 s … up to 2 s, so the waits stay
    short (a caller may be serving a request) and retries from many processes
    spread out instead of arriving together.

    >>> 0.05 <= backoff(1) <= 0.1 and 0.1 <= backoff(2) <= 0.2 and 1.0 <= backoff(10) <= 2.0
    True
    """
    ceiling = min(BACKOFF_MAX_SECONDS, BACKOFF_FIRST_SECONDS * 2 ** min(attempt - 1, 16))
    return ceiling * random.uniform(0.5, 1.0)  # noqa: S311 - jitter, not a secret


def retry_wait(reply: Reply, attempt: int) -> float | None:
    """How long to wait before retrying ``reply``, or None if its Retry-After is too long."""
    asked = retry_after_seconds(reply.headers.get("retry-after", ""))
    if asked is None:
        return backoff(attempt)
    if asked > MAX_RETRY_AFTER_SECONDS:
        return None
    return max(asked, backoff(attempt))


def retry_after_seconds(value: str) -> float | None:
    """A Retry-After header (seconds or an HTTP date) in seconds from now, or None.

    >>> retry_after_seconds("1"), retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT")
    (1.0, 0.0)
    >>> retry_after_seconds("soon") is None
    True
    """
    value = value.strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def checked_url(method: str, url: str, *, redact_path: bool) -> tuple[httpx.URL, str]:
    """The parsed URL and how it may be logged; ``RefusedURL`` unless it is absolute http(s).

    >>> url = "https://user:pw@api.example.org/v1/x?token=s3cret"
    >>> checked_url("GET", url, redact_path=False)[1]
    'https://api.example.org/v1/x'
    >>> checked_url("POST", "https://hooks.example.org/T0/B0/s3cret", redact_path=True)[1]
    'https://hooks.example.org/…'
    >>> checked_url("GET", "file:///etc/passwd", redact_path=False)
    Traceback (most recent call last):
    ...
    ops.http.client.RefusedURL: GET file:///etc/passwd failed: refused: only absolute http(s) URLs
    """
    try:
        target = httpx.URL(url)
    except (httpx.InvalidURL, TypeError) as error:
        raise RefusedURL(method, "<invalid URL>", f"refused: {error}") from error
    if target.scheme not in ("http", "https") or not target.host:
        shown = f"{target.scheme}://{target.host}{target.path}" if target.scheme else "<no scheme>"
        raise RefusedURL(method, shown, "refused: only absolute http(s) URLs")
    netloc = target.netloc.decode("ascii")
    path = "/…" if redact_path else target.path
    return target, f"{target.scheme}://{netloc}{path}"


def default_port(scheme: str) -> int:
    return 443 if scheme == "https" else 80


def describe(error: httpx.HTTPError, timeout: float) -> str:
    """A short reason for ``error`` that names no URL, header or body."""
    if isinstance(error, httpx.ConnectTimeout):
        return f"timed out connecting (after {timeout:g} s)"
    if isinstance(error, httpx.TimeoutException):
        return f"timed out waiting for the answer (after {timeout:g} s)"
    # "[Errno 111] Connection refused" → "connection refused"
    text = re.sub(r"^\[Errno -?\d+\] ", "", str(error)) or type(error).__name__
    return text[0].lower() + text[1:]


def setting(name: str, default: Any) -> Any:
    return getattr(settings, name, default)


_client: httpx.Client | None = None
_client_pid = 0
_client_lock = threading.Lock()


def shared_client() -> httpx.Client:
    """This process's client: created on first use, and afresh in a forked child.

    A child must not reuse its parent's pooled sockets, so the parent's client
    is dropped (not closed: closing would close the parent's sockets too).
    """
    global _client, _client_pid
    with _client_lock:
        if _client is None or _client_pid != os.getpid():
            _client, _client_pid = httpx.Client(), os.getpid()
        return _client
