"""One line per request, with an id that follows the request everywhere, and its measurement.

The outermost middleware but the health probes (which load balancers call
every second or two, and which would drown the log).  For every request it:

- takes the request id from ``X-Request-ID`` (set by nginx or the client) if
  it is a sane token, or makes one; binds it to every log line written while
  the request runs, stores it on ``request.request_id`` and returns it in the
  ``X-Request-ID`` response header, so a reader's bug report, the nginx log,
  the app log, an error group and any task the request enqueued all share it;
- measures the request (ops.telemetry.measure): duration, database queries
  and their time, cache hits and misses;
- writes one ``request`` line: id, method, route name, path, status,
  duration, user id, client IP (behind ``TRUSTED_PROXY_COUNT`` proxies), user
  agent, queries, cache use.  A request slower than ``SLOW_REQUEST_MS`` is
  written at WARNING with its slowest queries;
- hands the record to the metrics and rollup sinks (ops.telemetry.records).

Secrets never reach the line: path segments captured by URL arguments with
secret names (a password-reset key) are masked, and the query string, the
method, the user agent and the slow queries' SQL go through ops.logs.redact
here, so the line skips the log processor's own scan (it is written for
every request).  The user is reported only if the request already loaded
it: asking here would cost a session and a user query on pages that never
needed them.
"""

from __future__ import annotations

import datetime
import logging
import os
import re
from collections.abc import Callable

import structlog
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, empty

from ops.logs import hotpath
from ops.logs.redact import MASK, PRE_REDACTED, is_secret_name, redact_text
from ops.telemetry.measure import Measurement, measuring
from ops.telemetry.records import RequestRecord, deliver
from ops.throttle.clientip import client_ip

LOGGER = "ops.requests"
logger = structlog.get_logger(LOGGER)

REQUEST_ID_HEADER = "X-Request-ID"
VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")
MAX_PATH_CHARS = 500
MAX_QUERY_CHARS = 500
MAX_USER_AGENT_CHARS = 300
MAX_METHOD_CHARS = 16
MIN_SECRET_CHARS = 6
UNMATCHED = "-"
STATIC = "static"


def request_id_for(request: HttpRequest) -> str:
    """The id the client or proxy sent, when it is a plain token; otherwise a new one.

    >>> from django.test import RequestFactory
    >>> request_id_for(RequestFactory().get("/", HTTP_X_REQUEST_ID="edge-42.a"))
    'edge-42.a'
    >>> len(request_id_for(RequestFactory().get("/", HTTP_X_REQUEST_ID="<script>")))
    32
    """
    given = request.META.get("HTTP_X_REQUEST_ID", "")
    if given and VALID_REQUEST_ID.fullmatch(given):
        return given
    return os.urandom(16).hex()  # 128 random bits, as a uuid4's hex, without building a UUID


class RequestTelemetryMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        request_id = request_id_for(request)
        request.request_id = request_id  # type: ignore[attr-defined]
        at = timezone.now()
        with structlog.contextvars.bound_contextvars(request_id=request_id):
            with measuring() as measurement:
                response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id
            record = record_of(request, response, measurement, request_id=request_id, at=at)
            log_request(record)
        deliver(record)
        return response


def record_of(
    request: HttpRequest,
    response: HttpResponseBase,
    measurement: Measurement,
    *,
    request_id: str,
    at: datetime.datetime,
) -> RequestRecord:
    duration_ms = measurement.elapsed_ms()
    slow = duration_ms >= settings.SLOW_REQUEST_MS
    return RequestRecord(
        at=at,
        request_id=request_id,
        method=loggable_method(request),
        route=route_of(request),
        path=loggable_path(request),
        query=loggable_query(request),
        status=response.status_code,
        duration_ms=round(duration_ms, 2),
        db_queries=measurement.db_queries,
        db_ms=round(measurement.db_seconds * 1000, 2),
        cache_hits=measurement.cache_hits,
        cache_misses=measurement.cache_misses,
        client_ip=client_ip(request),
        user_agent=redact_text(request.META.get("HTTP_USER_AGENT", "")[:MAX_USER_AGENT_CHARS]),
        user_id=loaded_user_id(request),
        api_key=str(getattr(getattr(request, "auth", None), "prefix", "") or ""),
        slow_queries=measurement.slowest_queries() if slow else [],
    )


def log_request(record: RequestRecord) -> None:
    fields = {
        "method": record.method,
        "route": record.route,
        "path": record.path,
        "query": record.query,
        "status": record.status,
        "duration_ms": record.duration_ms,
        "user_id": record.user_id,
        "client_ip": record.client_ip,
        "user_agent": record.user_agent,
        "db_queries": record.db_queries,
        "db_ms": record.db_ms,
        "cache_hits": record.cache_hits,
        "cache_misses": record.cache_misses,
    }
    level = logging.INFO
    if record.slow_queries:
        level = logging.WARNING
        fields |= {"slow": True, "slow_queries": record.slow_queries}
    # Every value above is masked already (or cannot hold a secret): no rescan is needed,
    # and the line takes the fast path to stdout when logging is ours (ops.logs.hotpath).
    if not hotpath.write(LOGGER, level, "request", fields):
        logger.log(level, "request", **fields, **{PRE_REDACTED: True})


def route_of(request: HttpRequest) -> str:
    """The URL name that served the request: a bounded set, fit for a metric label."""
    match = getattr(request, "resolver_match", None)
    if match is not None and match.view_name:
        return str(match.view_name)
    if request.path.startswith(settings.STATIC_URL):
        return STATIC
    return UNMATCHED


def loggable_path(request: HttpRequest) -> str:
    """The path, with URL arguments that carry secrets (reset keys, tokens) masked."""
    path = request.path
    match = getattr(request, "resolver_match", None)
    if match is not None:
        for name, value in match.kwargs.items():
            # Credentials are long; masking a short value would mangle the rest of the path.
            if is_secret_name(name) and isinstance(value, str) and len(value) >= MIN_SECRET_CHARS:
                path = path.replace(value, MASK)
    return redact_text(path[:MAX_PATH_CHARS])


def loggable_method(request: HttpRequest) -> str:
    """The method: a plain token as sent (GET, PROPFIND), anything else shortened and masked."""
    method = (request.method or "")[:MAX_METHOD_CHARS]
    return method if method.isalpha() else redact_text(method)


def loggable_query(request: HttpRequest) -> str:
    """The query string with secret-looking parameters masked."""
    query = request.META.get("QUERY_STRING", "")[:MAX_QUERY_CHARS]
    return redact_text(f"?{query}")[1:] if query else ""


def loaded_user_id(request: HttpRequest) -> int | None:
    """The signed-in user's id if this request already looked them up, else None."""
    user = request.__dict__.get("user")
    if isinstance(user, SimpleLazyObject):
        wrapped = user._wrapped
        user = None if wrapped is empty else wrapped
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    pk = getattr(user, "pk", None)
    return pk if isinstance(pk, int) else None
