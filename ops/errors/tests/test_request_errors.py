"""An exception in a view is grouped by type and place, counted, and mailed to admins once."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.utils import timezone

from ops.errors.models import ErrorGroup

pytestmark = [pytest.mark.urls("ops.errors.tests.views"), pytest.mark.django_db]
ADMINS = ["oncall@newsroom.test"]


def fail_request(url: str, request_id: str = "") -> int:
    headers = {"HTTP_X_REQUEST_ID": request_id} if request_id else {}
    return Client(raise_request_exception=False).get(url, **headers).status_code


@override_settings(ADMINS=ADMINS)
def test_it_groups_repeats_of_one_error_and_counts_them() -> None:
    assert fail_request("/errors-test/jam/?press=1", "first-request") == 500
    assert fail_request("/errors-test/jam/?press=2", "second-request") == 500

    group = ErrorGroup.objects.get()
    assert group.count == 2
    assert group.kind == "request"
    assert group.exception_type == "ops.errors.tests.views.PrintingPressJam"
    assert group.location.startswith("ops/errors/tests/views.py:")
    assert group.location.endswith(" in jam")
    assert group.message == "press 2 jammed"
    assert group.last_request_id == "second-request"
    assert group.last_where == "GET /errors-test/jam/"
    assert "PrintingPressJam: press 2 jammed" in group.last_traceback
    assert group.first_seen < group.last_seen


@override_settings(ADMINS=ADMINS)
def test_it_mails_admins_about_a_new_group_only() -> None:
    fail_request("/errors-test/jam/", "first-request")
    fail_request("/errors-test/jam/")
    fail_request("/errors-test/jam/")

    (message,) = mail.outbox
    assert message.to == ADMINS
    assert message.subject.startswith(
        "[newsbudget] New error: ops.errors.tests.views.PrintingPressJam"
    )
    assert "Request id: first-request" in message.body
    assert "PrintingPressJam" in message.body
    assert "Traceback" in message.body


@override_settings(ADMINS=ADMINS)
def test_a_different_error_is_a_different_group() -> None:
    fail_request("/errors-test/jam/")
    fail_request("/errors-test/divide/?by=0")

    assert sorted(ErrorGroup.objects.values_list("exception_type", flat=True)) == [
        "ZeroDivisionError",
        "ops.errors.tests.views.PrintingPressJam",
    ]
    assert len(mail.outbox) == 2


@override_settings(ADMINS=ADMINS, ERRORS_MAIL_PER_HOUR=1)
def test_it_sends_no_more_than_the_hourly_budget_of_mails() -> None:
    fail_request("/errors-test/jam/")
    fail_request("/errors-test/divide/?by=0")

    assert ErrorGroup.objects.count() == 2
    assert len(mail.outbox) == 1


@override_settings(ADMINS=ADMINS)
def test_a_resolved_error_that_happens_again_reopens_and_is_mailed() -> None:
    fail_request("/errors-test/jam/")
    ErrorGroup.objects.update(resolved_at=timezone.now())
    mail.outbox.clear()

    fail_request("/errors-test/jam/")

    group = ErrorGroup.objects.get()
    assert group.resolved_at is None
    assert group.count == 2
    (message,) = mail.outbox
    assert message.subject.startswith("[newsbudget] Recurred after being resolved:")


def test_answers_that_are_not_errors_are_not_recorded() -> None:
    assert fail_request("/errors-test/missing/") == 404
    assert fail_request("/errors-test/forbidden/") == 403

    assert not ErrorGroup.objects.exists()


@override_settings(ERRORS_EMBEDDED_TRACKER=False)
def test_it_records_nothing_when_sentry_takes_over() -> None:
    assert fail_request("/errors-test/jam/") == 500

    assert not ErrorGroup.objects.exists()


def test_the_500_page_is_served_even_if_recording_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.db import OperationalError

    from ops.errors import tracker

    def database_down(*args: object, **kwargs: object) -> None:
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(tracker, "store", database_down)

    assert fail_request("/errors-test/jam/") == 500
    assert not ErrorGroup.objects.exists()


@override_settings(ADMINS=ADMINS)
def test_secrets_in_an_error_message_are_masked_before_they_are_stored() -> None:
    fail_request("/errors-test/jam/?press=postgres://app:hunter2-db@db/news")

    group = ErrorGroup.objects.get()
    assert "hunter2-db" not in group.message
    assert "hunter2-db" not in group.last_traceback
    assert "hunter2-db" not in mail.outbox[0].body
