"""The embedded error tracker: record an unhandled exception in its group, tell admins of new ones.

Used when Sentry is not configured (``ERRORS_EMBEDDED_TRACKER``, on by
default without ``SENTRY_DSN``).  Web requests report through Django's
``got_request_exception`` signal, tasks through the task sink that runs when
a task fails (ops.telemetry); both call ``record``.

- An occurrence increments its group's count and replaces the group's
  "latest" fields (message, traceback, request id, where, release) in one
  ``UPDATE``; the first occurrence creates the group.  Two processes racing
  to create the same group end with one row and a count of two.
- A new group, or one that recurs after someone marked it resolved, is
  mailed to ``ADMINS`` with Django's own error report (the traceback and,
  for a request, its details, with Django's filter hiding settings, cookies
  and POST fields that look secret), at most ``ERRORS_MAIL_PER_HOUR`` mails
  an hour: a bad deploy that raises twenty new errors sends ten mails, not
  twenty, and repeats of known errors send none.
- Recording never raises: if the database is the thing that failed, the
  occurrence is only in the log (and the log line says so).
- Tracebacks and messages pass through ops.logs.redact before they are
  stored, because an exception message can carry a URL with a password.
"""

from __future__ import annotations

import datetime
import logging
import traceback
from dataclasses import dataclass
from types import TracebackType

from django.conf import settings
from django.core.cache import cache
from django.core.mail import mail_admins
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.views.debug import ExceptionReporter

from ops.errors.grouping import Origin, origin_of
from ops.errors.models import ErrorGroup
from ops.logs.redact import redact_text

logger = logging.getLogger(__name__)

MAX_TRACEBACK_CHARS = 64 * 1024
MAX_MESSAGE_CHARS = 2000
MAIL_COUNT_KEY = "errors-mailed:{hour}"


@dataclass(frozen=True)
class Occurrence:
    exception: BaseException
    tb: TracebackType | None
    kind: str
    where: str
    request_id: str = ""
    request: HttpRequest | None = None


@dataclass(frozen=True)
class Recorded:
    group: ErrorGroup
    new: bool
    regressed: bool


def enabled() -> bool:
    return bool(getattr(settings, "ERRORS_EMBEDDED_TRACKER", True))


def record(occurrence: Occurrence, *, now: datetime.datetime | None = None) -> Recorded | None:
    """Count ``occurrence`` in its group and mail admins if the group is new; never raises."""
    if not enabled():
        return None
    try:
        recorded = store(occurrence, origin_of(occurrence.exception, occurrence.tb), now)
    except Exception as error:  # the database may be exactly what failed
        logger.error(
            "Could not record an error in the error tracker (%s: %s); it is only in this log",
            type(error).__name__,
            error,
        )
        return None
    if recorded.new or recorded.regressed:
        notify_admins(occurrence, recorded)
    return recorded


def latest_fields(occurrence: Occurrence, now: datetime.datetime) -> dict[str, object]:
    exception = occurrence.exception
    text = "".join(traceback.format_exception(type(exception), exception, occurrence.tb))
    return {
        "message": redact_text(str(exception))[:MAX_MESSAGE_CHARS],
        "last_seen": now,
        "last_traceback": redact_text(text)[-MAX_TRACEBACK_CHARS:],
        "last_request_id": occurrence.request_id[:128],
        "last_where": redact_text(occurrence.where)[:500],
        "last_release": str(getattr(settings, "RELEASE", ""))[:64],
    }


def store(occurrence: Occurrence, origin: Origin, now: datetime.datetime | None) -> Recorded:
    now = now or timezone.now()
    latest = latest_fields(occurrence, now)
    with transaction.atomic():
        existing = (
            ErrorGroup.objects.select_for_update()
            .filter(fingerprint=origin.fingerprint)
            .values_list("pk", "resolved_at")
            .first()
        )
        if existing is None:
            try:
                with transaction.atomic():
                    group = ErrorGroup.objects.create(
                        fingerprint=origin.fingerprint,
                        kind=occurrence.kind,
                        exception_type=origin.exception_type[:255],
                        location=origin.location[:500],
                        first_seen=now,
                        **latest,
                    )
                return Recorded(group, new=True, regressed=False)
            except IntegrityError:
                existing = (
                    ErrorGroup.objects.filter(fingerprint=origin.fingerprint)
                    .values_list("pk", "resolved_at")
                    .get()
                )
        pk, resolved_at = existing
        ErrorGroup.objects.filter(pk=pk).update(
            count=F("count") + 1, resolved_at=None, location=origin.location[:500], **latest
        )
    return Recorded(ErrorGroup.objects.get(pk=pk), new=False, regressed=resolved_at is not None)


def may_send_mail(now: datetime.datetime) -> bool:
    """Whether this hour's budget of error mails has room; open if the cache is down."""
    key = MAIL_COUNT_KEY.format(hour=now.strftime("%Y%m%d%H"))
    try:
        cache.add(key, 0, timeout=2 * 3600)
        sent = cache.incr(key)
    except Exception:
        return True
    return sent <= settings.ERRORS_MAIL_PER_HOUR


def notify_admins(occurrence: Occurrence, recorded: Recorded) -> None:
    if not settings.ADMINS:
        return
    group = recorded.group
    if not may_send_mail(timezone.now()):
        logger.warning("Not mailing admins about error group %s: hourly limit reached", group.pk)
        return
    exception = occurrence.exception
    report = ExceptionReporter(
        occurrence.request, type(exception), exception, occurrence.tb, is_email=True
    )
    state = "Recurred after being resolved" if recorded.regressed else "New error"
    subject = f"{state}: {group.exception_type} in {group.location}"
    body = (
        f"{state} ({group.kind}) at {occurrence.where}\n"
        f"Request id: {occurrence.request_id or '-'}  Release: {group.last_release or '-'}\n"
        f"Seen {group.count} time(s); the ops page lists every group.\n\n"
        f"{redact_text(report.get_traceback_text())}"
    )
    try:
        mail_admins(subject[:200].replace("\n", " "), body, fail_silently=False)
    except Exception as error:
        logger.error("Could not mail admins about error group %s: %s", group.pk, error)
