"""The external availability monitor: fetch the site as a reader would, and alert on changes only.

``manage.py check_availability`` (cron, or the scheduler) runs ``monitor``:

1. **Fetch** the readiness URL and each page URL at once, through
   ``ops.http.client`` with the monitor's timeout, one retry at most, and the
   circuit breaker bypassed (``breaker=False``): a monitor must see every
   failure itself, not a fast "circuit open" that hides whether the site is
   back.
2. **Explain** what failed, using the dependencies readiness describes, so
   one cause makes one alert.  Each component is ``up``, ``down``,
   ``explained`` (failing because of another component that is down),
   ``draining`` (a deploy, not an outage) or absent from this run.

   - readiness unreachable (or answering without a readiness report): the
     ``site`` is down, and failing pages are explained by it;
   - readiness reports failing checks: each is a component that is down
     ("database"), and failing pages are explained by them, not alerted as
     page bugs;
   - readiness says draining: reported as such; failing pages are explained;
   - readiness is green and a page fails (status other than 2xx/3xx, a
     timeout, a refused connection): that page is down — a page bug.

3. **Remember** each component in a JSON state file (rewritten atomically:
   temporary file, fsync, rename), under an exclusive lock so overlapping runs
   cannot both alert.  **Alert only on changes**: up→down sends "DOWN: …",
   down→up sends "RECOVERED: … after N min".  A component first seen up, or
   still down, or merely explained, sends nothing.
4. **Alert** by email (``AVAILABILITY_ALERT_EMAILS``, else ``ADMINS``) and by
   webhook (POST ``{"text": …, "changes": […]}`` to
   ``AVAILABILITY_WEBHOOK_URL``).  The state remembers, per channel, what that
   channel was last told; a channel's alert that cannot be delivered leaves
   its memory unchanged, so the same change is sent again on the next run
   (while the other channel, which did deliver, is not told twice).  The
   observed state is saved either way, so "down since" stays accurate.
"""

from __future__ import annotations

import contextlib
import datetime
import fcntl
import json
import os
import tempfile
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, mailers
from django.core.validators import validate_email
from django.utils import timezone

from ops.http import client

Status = Literal["up", "down", "explained", "draining"]
UP: Status = "up"
DOWN: Status = "down"
EXPLAINED: Status = "explained"
DRAINING: Status = "draining"
NOT_UP = (DOWN, EXPLAINED)
SITE = "site"
USER_AGENT = "ops.health availability monitor"
READINESS_BODY_BYTES = 256 * 1024
PAGE_BODY_BYTES = 16 * 1024
STATE_VERSION = 1
NO_CHANNEL = "none"  # with no channel configured, printing the change is the alert


class BadConfiguration(ValueError):
    """A URL, timeout, address or state file the monitor cannot work with."""


class DeliveryFailed(Exception):
    """An alert could not be handed to its channel."""


@dataclass(frozen=True)
class Config:
    """What to fetch, how long to wait, where to remember, and whom to tell."""

    pages: tuple[str, ...]
    readiness: str
    timeout: float
    state_file: Path
    emails: tuple[str, ...] = ()
    webhook: str = ""

    @classmethod
    def from_settings(cls, **overrides: Any) -> Config:
        """The AVAILABILITY_* settings, with any of ``overrides`` (None: use the setting)."""
        values: dict[str, Any] = {
            "pages": tuple(settings.AVAILABILITY_URLS),
            "readiness": settings.AVAILABILITY_READINESS_URL,
            "timeout": settings.AVAILABILITY_TIMEOUT_SECONDS,
            "state_file": Path(settings.AVAILABILITY_STATE_FILE),
            "emails": tuple(alert_recipients()),
            "webhook": settings.AVAILABILITY_WEBHOOK_URL,
        }
        values.update({name: value for name, value in overrides.items() if value is not None})
        return cls(**values).checked()

    def checked(self) -> Config:
        """This configuration, or ``BadConfiguration`` naming what is wrong."""
        if not self.pages and not self.readiness:
            raise BadConfiguration("Nothing to check: give page URLs or a readiness URL")
        for url in self.pages:
            check_url(url, "page URL")
        if self.readiness:
            check_url(self.readiness, "--readiness URL")
        if self.webhook:
            check_url(self.webhook, "--webhook URL")
        if not 0 < self.timeout <= 60:
            raise BadConfiguration(
                f"--timeout must be more than 0 and at most 60 s: {self.timeout}"
            )
        for address in self.emails:
            try:
                validate_email(address)
            except ValidationError:
                raise BadConfiguration(
                    f"Alert address {address!r} is not an email address"
                ) from None
        return self


def alert_recipients() -> list[str]:
    """AVAILABILITY_ALERT_EMAILS, or else ADMINS (plain addresses, or old-style pairs)."""
    configured = list(settings.AVAILABILITY_ALERT_EMAILS) or list(settings.ADMINS)
    return [entry[1] if isinstance(entry, (tuple, list)) else str(entry) for entry in configured]


def check_url(url: str, what: str) -> str:
    """``url`` if it is an absolute http(s) URL, else ``BadConfiguration``.

    >>> check_url("ftp://news.example.org/", "page URL")
    Traceback (most recent call last):
    ...
    ops.health.availability.BadConfiguration: page URL 'ftp://news.example.org/' is not ...
    """
    try:
        client.checked_url("GET", url, redact_path=False)
    except client.RefusedURL:
        raise BadConfiguration(
            f"{what} {url!r} is not an absolute http(s) URL such as https://news.example.org/"
        ) from None
    return url


# --- Fetching -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fetched:
    """One URL's answer (``status``), or why there was none (``error``)."""

    url: str
    status: int | None = None
    error: str | None = None
    elapsed: float = 0.0
    document: Any = None

    @property
    def ok(self) -> bool:
        """Answered 2xx or 3xx (a redirect is the site working)."""
        return self.status is not None and 200 <= self.status < 400

    def problem(self) -> str:
        """What went wrong, in a few words.

        >>> Fetched("http://x/", status=500).problem()
        'answered 500'
        >>> Fetched("http://x/", error="timed out").problem()
        'timed out'
        """
        return self.error if self.error is not None else f"answered {self.status}"


def fetch(url: str, *, timeout: float, max_body_bytes: int) -> Fetched:
    """GET ``url`` once (retried once if it failed), bypassing the circuit breaker."""
    try:
        reply = client.request(
            "GET",
            url,
            timeout=timeout,
            retries=1,
            breaker=False,
            headers={"User-Agent": USER_AGENT, "Accept": "application/json, text/html;q=0.9"},
            max_body_bytes=max_body_bytes,
        )
    except client.OutboundError as error:
        return Fetched(url, error=error.reason)
    return Fetched(url, status=reply.status, elapsed=reply.elapsed, document=reply.json())


def fetch_all(config: Config) -> tuple[Fetched | None, list[Fetched]]:
    """The readiness answer (None without a readiness URL) and each page's, fetched at once."""
    jobs = ([(config.readiness, READINESS_BODY_BYTES)] if config.readiness else []) + [
        (page, PAGE_BODY_BYTES) for page in config.pages
    ]
    with ThreadPoolExecutor(max_workers=min(8, len(jobs))) as pool:
        answers = list(
            pool.map(lambda job: fetch(job[0], timeout=config.timeout, max_body_bytes=job[1]), jobs)
        )
    if config.readiness:
        return answers[0], answers[1:]
    return None, answers


# --- Explaining -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Observation:
    """One component's state in this run, and (when explained) the components to blame."""

    component: str
    status: Status
    detail: str
    causes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Readiness:
    """What the readiness endpoint reported."""

    status: str
    release: str
    checks: dict[str, tuple[bool, str]]


def readiness_report(fetched: Fetched) -> Readiness | None:
    """The report in a readiness answer (200 or 503 with a JSON "status"), or None."""
    document = fetched.document
    if fetched.status not in (200, 503) or not isinstance(document, dict):
        return None
    if not isinstance(document.get("status"), str):
        return None
    checks: dict[str, tuple[bool, str]] = {}
    raw_checks = document.get("checks")
    for name, check in (raw_checks if isinstance(raw_checks, dict) else {}).items():
        if isinstance(check, dict):
            checks[str(name)] = (check.get("ok") is True, str(check.get("detail") or ""))
        else:
            checks[str(name)] = (check is True, "")
    return Readiness(document["status"], str(document.get("release") or ""), checks)


def page_name(url: str) -> str:
    return f"page {url}"


def observe(readiness: Fetched | None, pages: Sequence[Fetched]) -> list[Observation]:
    """Each component's state, failing pages blamed on a failing dependency where there is one."""
    observations: list[Observation] = []
    blame: tuple[str, ...] = ()  # the components failing pages are explained by
    because = ""  # and how to say it
    if readiness is not None:
        report = readiness_report(readiness)
        if report is None:
            observations.append(Observation(SITE, DOWN, site_down_detail(readiness, pages)))
            blame, because = (SITE,), "the site being down"
        else:
            failing = [name for name, (ok, _) in report.checks.items() if not ok]
            release = f", release {report.release}" if report.release else ""
            if report.status == "draining":
                observations.append(Observation(SITE, DRAINING, f"draining{release}"))
                blame, because = (SITE,), "the site draining"
            elif report.status != "ready" and not failing:
                observations.append(
                    Observation(SITE, DOWN, f"readiness says {report.status!r} but no check fails")
                )
                blame, because = (SITE,), "the site being unready"
            else:
                took = f"readiness in {readiness.elapsed * 1000:.0f} ms"
                state = f"unready ({', '.join(failing)} failing)" if failing else report.status
                observations.append(Observation(SITE, UP, f"answers, {state}{release}; {took}"))
            for name, (ok, detail) in report.checks.items():
                observations.append(Observation(name, UP if ok else DOWN, detail or "ok"))
            if failing:
                blame, because = tuple(failing), " and ".join(failing) + " being down"
    for page in pages:
        if page.ok:
            detail = f"answered {page.status} in {page.elapsed * 1000:.0f} ms"
            observations.append(Observation(page_name(page.url), UP, detail))
        elif not blame:
            observations.append(Observation(page_name(page.url), DOWN, page.problem()))
        else:
            detail = f"{page.problem()}, explained by {because}"
            observations.append(Observation(page_name(page.url), EXPLAINED, detail, blame))
    return observations


def site_down_detail(readiness: Fetched, pages: Sequence[Fetched]) -> str:
    answered = sum(page.ok for page in pages)
    if readiness.error is not None:
        what = f"readiness {readiness.url}: {readiness.error}"
    else:
        what = f"readiness {readiness.url} answered {readiness.status} without a readiness report"
    if pages and answered:
        return f"{what} (yet {answered} of {len(pages)} page(s) answer)"
    return what


# --- Remembering ----------------------------------------------------------------------------


@dataclass
class Record:
    """A component as last seen, and what each alert channel was last told about it."""

    status: Status
    detail: str
    changed_at: str  # when its current up / not-up period began (ISO 8601)
    outage_began: str | None = None  # when its latest outage began
    notified: dict[str, str] = field(default_factory=dict)  # channel → "down" | "up"

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Record:
        return cls(
            status=data["status"],
            detail=str(data.get("detail", "")),
            changed_at=str(data["changed_at"]),
            outage_began=data.get("outage_began"),
            notified={str(k): str(v) for k, v in dict(data.get("notified") or {}).items()},
        )


def is_up(status: Status) -> bool:
    return status not in NOT_UP


def remember(records: dict[str, Record], observation: Observation, now: str) -> None:
    """Update (or start) the record of ``observation``'s component."""
    record = records.get(observation.component)
    if record is None:
        record = records[observation.component] = Record(UP, "", now)
    if is_up(record.status) != is_up(observation.status):
        record.changed_at = now
        if not is_up(observation.status):
            record.outage_began = now
    record.status, record.detail = observation.status, observation.detail


@contextlib.contextmanager
def locked(state_file: Path) -> Iterator[None]:
    """Hold the state file's lock (``<state>.lock``), so one run at a time reads and alerts."""
    try:
        state_file.parent.mkdir(parents=True, exist_ok=True)
        handle = open(state_file.with_name(state_file.name + ".lock"), "a")  # noqa: SIM115
    except OSError as error:
        raise BadConfiguration(f"Cannot use the state file {state_file}: {error}") from error
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def load(state_file: Path) -> tuple[dict[str, Record], list[str]]:
    """The remembered records, and warnings (a corrupt file is reported and started afresh)."""
    try:
        text = state_file.read_text()
    except FileNotFoundError:
        return {}, []
    except OSError as error:
        raise BadConfiguration(f"Cannot read the state file {state_file}: {error}") from error
    try:
        components = json.loads(text)["components"]
        return {str(name): Record.from_json(data) for name, data in components.items()}, []
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        return {}, [f"The state file {state_file} is unreadable ({error!r}); starting afresh"]


def save(state_file: Path, records: dict[str, Record]) -> None:
    """Write the records atomically: a reader sees the old file or the new one, never half."""
    document = {
        "version": STATE_VERSION,
        "components": {name: asdict(record) for name, record in sorted(records.items())},
    }
    descriptor, temporary = tempfile.mkstemp(
        dir=state_file.parent, prefix=f".{state_file.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "w") as handle:
            json.dump(document, handle, indent=2)
            handle.write("\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, state_file)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


# --- Alerting -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """A component went down, or came back."""

    component: str
    change: Literal["down", "recovered"]
    detail: str
    since: str | None
    minutes: int | None = None
    explains: int = 0  # how many failing pages it explains

    def text(self) -> str:
        """The alert line.

        >>> Change("database", "down", "could not connect", None, explains=2).text()
        'DOWN: database — could not connect (2 failing page(s) explained by it)'
        >>> Change("page https://x.org/", "recovered", "answered 200", None, minutes=125).text()
        'RECOVERED: page https://x.org/ after 2 h 5 min'
        """
        if self.change == "down":
            explained = (
                f" ({self.explains} failing page(s) explained by it)" if self.explains else ""
            )
            return f"DOWN: {self.component} — {self.detail}{explained}"
        return f"RECOVERED: {self.component} after {duration(self.minutes or 0)}"


def duration(minutes: int) -> str:
    if minutes < 60:
        return f"{max(minutes, 1)} min"
    return f"{minutes // 60} h {minutes % 60} min"


def pending_changes(
    records: dict[str, Record], observations: Sequence[Observation], channel: str
) -> list[Change]:
    """What ``channel`` has not been told yet about the components observed in this run."""
    changes = []
    for observation in observations:
        record = records[observation.component]
        told_down = record.notified.get(channel) == "down"
        if observation.status == DOWN and not told_down:
            explains = sum(1 for other in observations if observation.component in other.causes)
            changes.append(
                Change(
                    observation.component,
                    "down",
                    record.detail,
                    record.outage_began,
                    explains=explains,
                )
            )
        elif is_up(observation.status) and told_down:
            changes.append(
                Change(
                    observation.component,
                    "recovered",
                    record.detail,
                    record.outage_began,
                    minutes=outage_minutes(record),
                )
            )
    return changes


def outage_minutes(record: Record) -> int:
    if record.outage_began is None:
        return 0
    began = datetime.datetime.fromisoformat(record.outage_began)
    ended = datetime.datetime.fromisoformat(record.changed_at)
    return round((ended - began).total_seconds() / 60)


def send_email(recipients: Sequence[str], changes: Sequence[Change], summary: str) -> None:
    first = changes[0].text()
    more = f" (+{len(changes) - 1} more)" if len(changes) > 1 else ""
    prefix = getattr(settings, "EMAIL_SUBJECT_PREFIX", "")
    body = "\n".join(change.text() for change in changes) + f"\n\nEvery component now:\n{summary}\n"
    message = EmailMessage(subject=f"{prefix}{first}{more}", body=body, to=list(recipients))
    try:
        with mailers.default as mailer:
            mailer.send_messages([message])
    except Exception as error:  # SMTP, DNS, refused, timed out: any of them loses the alert
        raise DeliveryFailed(f"email to {', '.join(recipients)}: {error}") from error


def send_webhook(url: str, changes: Sequence[Change], *, timeout: float) -> None:
    payload = {
        "text": "\n".join(change.text() for change in changes),
        "changes": [asdict(change) | {"text": change.text()} for change in changes],
    }
    try:
        # POST is never retried by the client; the next run sends it again if it fails.
        reply = client.request("POST", url, json=payload, timeout=timeout, redact_path=True)
    except client.OutboundError as error:
        raise DeliveryFailed(f"webhook: {error}") from error
    if not reply.ok:
        raise DeliveryFailed(
            f"webhook: {client.checked_url('POST', url, redact_path=True)[1]} "
            f"answered {reply.status}"
        )


# --- One run --------------------------------------------------------------------------------


@dataclass
class Outcome:
    """What one run saw, whom it told what, and what went wrong with telling."""

    checked_at: str
    observations: list[Observation]
    alerts: dict[str, list[str]] = field(default_factory=dict)  # channel → the lines it was sent
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def down(self) -> bool:
        """Whether anything is down (a page explained by a down component implies one)."""
        return any(observation.status == DOWN for observation in self.observations)

    def summary(self) -> str:
        """One line per component."""
        return "\n".join(
            f"{observation.status.upper():<9} {observation.component}: {observation.detail}"
            for observation in self.observations
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": not self.down,
            "checked_at": self.checked_at,
            "components": [asdict(observation) for observation in self.observations],
            "alerts": self.alerts,
            "errors": self.errors,
            "warnings": self.warnings,
        }


def monitor(config: Config, *, now: datetime.datetime | None = None) -> Outcome:
    """Fetch, explain, remember and alert, once; see the module docstring."""
    with locked(config.state_file):
        readiness, pages = fetch_all(config)
        checked_at = (now or timezone.now()).isoformat()
        observations = observe(readiness, pages)
        outcome = Outcome(checked_at, observations)
        records, outcome.warnings = load(config.state_file)
        for observation in observations:
            remember(records, observation, checked_at)
        channels = [
            *(["email"] if config.emails else []),
            *(["webhook"] if config.webhook else []),
        ] or [NO_CHANNEL]
        for channel in channels:
            changes = pending_changes(records, observations, channel)
            if not changes:
                continue
            try:
                if channel == "email":
                    send_email(config.emails, changes, outcome.summary())
                elif channel == "webhook":
                    send_webhook(config.webhook, changes, timeout=config.timeout)
            except DeliveryFailed as error:
                outcome.errors.append(
                    f"Could not deliver the alert by {error}; it will be sent again on the next run"
                )
                continue
            outcome.alerts[channel] = [change.text() for change in changes]
            for change in changes:
                records[change.component].notified[channel] = (
                    "down" if change.change == "down" else "up"
                )
        try:
            save(config.state_file, records)
        except OSError as error:
            raise BadConfiguration(
                f"Cannot write the state file {config.state_file}: {error}"
            ) from error
    return outcome
