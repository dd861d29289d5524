"""The world the availability monitor's tests run in: a site, a webhook receiver, a state file.

The site is a real loopback server (``ops.http.tests.loopback``) scripted to
answer ``/readyz`` and two pages the way newsbudget would when ready, when a
dependency fails, when draining, or when a page breaks; the webhook receiver
is another one that records each POST.  ``World.run`` calls the command the way
cron would (arguments in, exit status, stdout and stderr out) and returns the
emails (``mail.outbox``) and webhook posts that run sent.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core import mail
from django.core.mail import EmailMessage
from django.core.management import CommandError, call_command
from pytest_django.fixtures import Settings

from ops.http.breaker import breakers
from ops.http.tests.loopback import Answer, Site, json_answer, serve

CHECKS = ("database", "migrations", "cache", "task_queue", "disk")
HOME, STORY = "/", "/stories/harbour-bridge/"
ONCALL = "oncall@example.org"


def readiness(status: str = "ready", failing: dict[str, str] | None = None) -> dict[str, Any]:
    """A readiness report like newsbudget's /readyz, with ``failing`` checks (name → detail)."""
    failing = failing or {}
    return {
        "status": status,
        "release": "abc1234",
        "checks": {
            name: {"ok": name not in failing, "detail": failing.get(name, "fine"), "ms": 0.4}
            for name in CHECKS
        },
    }


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    emails: list[EmailMessage] = field(default_factory=list)
    posts: list[dict[str, Any]] = field(default_factory=list)

    @property
    def alerts(self) -> list[str]:
        """The alert lines each channel was sent, email subjects and webhook texts together."""
        return [message.subject for message in self.emails] + [post["text"] for post in self.posts]


@dataclass
class World:
    site: Site
    hook: Site
    state: Path

    def url(self, path: str) -> str:
        return f"{self.site.url}{path}"

    def ready(self) -> None:
        self.site.answer("/readyz", json_answer(200, readiness()))
        self.site.answer(HOME, 200)
        self.site.answer(STORY, 200)

    def dependency_down(self, name: str = "database", detail: str = "connection refused") -> None:
        self.site.answer("/readyz", json_answer(503, readiness("unready", {name: detail})))
        self.site.answer(HOME, 500)
        self.site.answer(STORY, 500)

    def page_broken(self, path: str = STORY) -> None:
        self.ready()
        self.site.answer(path, 500)

    def draining(self) -> None:
        self.site.answer("/readyz", json_answer(503, readiness("draining")))
        self.site.answer(HOME, 200)
        self.site.answer(STORY, Answer(drop=True))

    def run(self, *args: str) -> Run:
        """``manage.py check_availability *args``: its exit status, output and alerts."""
        outbox: list[EmailMessage] = getattr(mail, "outbox", [])
        emails_before, posts_before = len(outbox), len(self.hook.requests)
        stdout, stderr = io.StringIO(), io.StringIO()
        code = 0
        try:
            call_command("check_availability", *args, stdout=stdout, stderr=stderr)
        except SystemExit as exit:
            code = int(exit.code or 0)
        except CommandError as error:
            code = error.returncode
            stderr.write(f"CommandError: {error}")
        return Run(
            code,
            stdout.getvalue(),
            stderr.getvalue(),
            list(getattr(mail, "outbox", [])[emails_before:]),
            [seen.json() for seen in self.hook.requests[posts_before:]],
        )


@contextlib.contextmanager
def world(settings: Settings, tmp_path: Path) -> Iterator[World]:
    """A ready site, a webhook receiver answering 200, and the settings pointing at them."""
    breakers.reset()
    with serve() as site, serve() as hook:
        hook.answer("/hook", 200)
        here = World(site, hook, tmp_path / "availability.json")
        here.ready()
        settings.AVAILABILITY_URLS = [here.url(HOME), here.url(STORY)]
        settings.AVAILABILITY_READINESS_URL = here.url("/readyz")
        settings.AVAILABILITY_STATE_FILE = here.state
        settings.AVAILABILITY_TIMEOUT_SECONDS = 0.5
        settings.AVAILABILITY_ALERT_EMAILS = [ONCALL]
        settings.AVAILABILITY_WEBHOOK_URL = f"{hook.url}/hook"
        settings.ADMINS = []
        yield here
    breakers.reset()
