"""Sentry, when ``SENTRY_DSN`` is set: errors and traces of web requests and tasks.

Initialised from the settings module (as Sentry's Django guide asks), so
every process — web, worker, scheduler, commands — reports.  The event's
environment is ``NEWSBUDGET_ENV`` and its release the git revision, so an
error can be tied to the deploy that introduced it.  No personal data by
default (``send_default_pii=False``: no user, no client address, no cookies
or request bodies); Sentry's own scrubber removes headers such as
``Authorization`` and ``Cookie``, and ``before_send`` runs the messages
through ops.logs.redact as well.  Sentry's transport is its own HTTP client
(ops.http cannot carry it); it sends in a background thread with its own
timeouts and never blocks a request.
"""

from __future__ import annotations

from typing import Any

from ops.logs.redact import redact_value


def scrub(event: dict[str, Any], hint: dict[str, Any]) -> dict[str, Any]:
    """``before_send``: mask secret-shaped text anywhere in the event."""
    redacted: dict[str, Any] = redact_value(event)
    return redacted


def init_sentry(*, dsn: str, environment: str, release: str, traces_sample_rate: float) -> bool:
    """Start the Sentry SDK if ``dsn`` is set; whether it was started."""
    if not dsn:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        traces_sample_rate=traces_sample_rate,
        send_default_pii=False,
        max_request_body_size="never",
        before_send=scrub,  # type: ignore[arg-type]
        # Failed tasks arrive through the logging integration: the worker's "task" line
        # is an ERROR record carrying the exception.
        integrations=[DjangoIntegration()],
    )
    return True
