"""Every refusal is logged with its reason, the client's address and user agent, and counted.

Counts are kept per reason and UTC day in the shared cache (an ``incr``, no
database write) and in the ``protection_blocks`` Prometheus counter, so a
flood of refusals costs the site no more than the refusals themselves;
``manage.py protection_report`` prints them.  Reasons are a closed list
(``REASONS`` plus one ``rate:<rule>`` per rate-limit rule) so the report can
enumerate them without scanning the cache.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from ops.metrics.instruments import count_block
from ops.throttle.clientip import client_ip

logger = logging.getLogger("ops.protection")

KEY_PREFIX = "protection-events"
COUNT_RETENTION_SECONDS = 8 * 86400
MAX_USER_AGENT_IN_LOG = 200

REASONS = {
    "bad-user-agent": "a blocked user agent (403)",
    "api-key-invalid": "too many failed API-key attempts from one address (429)",
    "api-key-rate": "an API key over its rate limit (429)",
    "api-key-quota": "an API key over its daily or monthly quota (429)",
    "login-locked": "logins refused after repeated failures (429)",
}
"""Fixed reasons; each rate-limit rule adds ``rate:<rule name>``."""


def known_reasons() -> list[str]:
    """Every reason a refusal may be recorded under, in report order."""
    rules = getattr(settings, "RATE_LIMITS", {})
    return [*REASONS, *(f"rate:{name}" for name in rules)]


def record_block(request: HttpRequest, reason: str, detail: str = "") -> None:
    """Log one refusal of ``request`` and count it under ``reason`` for today."""
    if reason not in known_reasons():
        raise ValueError(f"Unknown protection event reason {reason!r}; add it to REASONS")
    user_agent = request.headers.get("User-Agent", "")[:MAX_USER_AGENT_IN_LOG]
    logger.warning(
        "Refused request: reason=%s ip=%s path=%s user_agent=%r %s",
        reason,
        client_ip(request),
        request.path[:200],
        user_agent,
        detail,
    )
    count_block(reason)
    key = count_key(reason, utc_today())
    try:
        cache.add(key, 0, timeout=COUNT_RETENTION_SECONDS)
        cache.incr(key)
    except Exception:
        logger.warning("Could not count protection event %s: cache unavailable", reason)


def counts(day: datetime.date) -> dict[str, int]:
    """How many refusals each known reason recorded on ``day`` (UTC)."""
    keys = {reason: count_key(reason, day) for reason in known_reasons()}
    stored = cache.get_many(list(keys.values()))
    return {reason: int(stored.get(key, 0)) for reason, key in keys.items()}


def count_key(reason: str, day: datetime.date) -> str:
    return f"{KEY_PREFIX}:{day.isoformat()}:{reason}"


def utc_today() -> datetime.date:
    return datetime.datetime.now(datetime.UTC).date()
