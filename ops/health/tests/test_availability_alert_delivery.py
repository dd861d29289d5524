"""Alerts go by email and webhook; one that cannot be delivered is reported and sent next run."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_django.fixtures import Settings

from ops.health.tests.availability_site import STORY, World, world
from ops.http.tests.loopback import serve


@pytest.fixture
def here(settings: Settings, tmp_path: Path) -> Iterator[World]:
    with world(settings, tmp_path) as running:
        yield running


def test_an_undelivered_webhook_alert_is_reported_and_sent_again_next_run(here: World) -> None:
    here.hook.answer("/hook", 500)
    here.page_broken(STORY)

    first = here.run()
    second = here.run()
    here.hook.answer("/hook", 200)
    third = here.run()
    fourth = here.run()

    assert "Could not deliver the alert by webhook" in first.stderr
    assert "answered 500; it will be sent again on the next run" in first.stderr
    assert [len(run.emails) for run in (first, second, third, fourth)] == [1, 0, 0, 0]
    assert [len(run.posts) for run in (first, second, third, fourth)] == [1, 1, 1, 0]
    assert third.stderr == ""
    assert third.posts[0]["text"] == f"DOWN: page {here.url(STORY)} — answered 500"


def test_an_undelivered_email_is_reported_and_sent_again_next_run(
    here: World, settings: Settings
) -> None:
    with socket.socket() as probe:  # a port where no SMTP server listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    locmem = settings.MAILERS
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 1},
        }
    }
    here.page_broken(STORY)

    failed = here.run()
    settings.MAILERS = locmem
    retried = here.run()

    assert "Could not deliver the alert by email to oncall@example.org" in failed.stderr
    assert len(failed.posts) == 1
    assert [email.subject for email in retried.emails] == [
        f"[newsbudget] DOWN: page {here.url(STORY)} — answered 500"
    ]
    assert retried.posts == []


def test_the_webhook_path_never_appears_in_an_error(here: World, settings: Settings) -> None:
    secret_path = "/services/T0/B0/s3cret-path"
    settings.AVAILABILITY_WEBHOOK_URL = f"{here.hook.url}{secret_path}"
    here.page_broken(STORY)

    run = here.run()

    assert "Could not deliver the alert by webhook" in run.stderr
    assert "s3cret" not in run.stderr + run.stdout


def test_it_alerts_the_admins_when_no_alert_emails_are_set(here: World, settings: Settings) -> None:
    settings.AVAILABILITY_ALERT_EMAILS = []
    settings.ADMINS = ["chief@example.org", "night@example.org"]
    here.page_broken(STORY)

    [email] = here.run().emails

    assert email.to == ["chief@example.org", "night@example.org"]


def test_with_no_channel_the_alert_is_printed_once(here: World, settings: Settings) -> None:
    settings.AVAILABILITY_ALERT_EMAILS = []
    settings.AVAILABILITY_WEBHOOK_URL = ""
    here.page_broken(STORY)

    first, second = here.run(), here.run()

    assert first.alerts == second.alerts == []
    assert f"ALERT     DOWN: page {here.url(STORY)} — answered 500 (printed)" in first.stdout
    assert "ALERT" not in second.stdout


def test_the_options_override_the_configured_recipients(here: World) -> None:
    here.page_broken(STORY)
    with serve() as other_hook:
        other_hook.answer("/alerts", 204)

        run = here.run("--email", "desk@example.org", "--webhook", f"{other_hook.url}/alerts")

        assert [email.to for email in run.emails] == [["desk@example.org"]]
        assert run.posts == []
        assert len(other_hook.hits("/alerts")) == 1
