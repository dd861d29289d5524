"""Bad input is a 400 with the reason on the page, never a 500 and never a half-made report."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from newsbudget.accounts.models import User
from newsbudget.desks.models import Desk
from newsbudget.reports.models import DeskReport, ReportStatus

URL = "/newsroom/reports/"
GOOD = {"start": "2026-11-01", "end": "2026-11-30", "file_format": "csv"}


@pytest.fixture
def signed_in(client: Client, editor: User) -> Client:
    client.force_login(editor)
    return client


def ask(client: Client, to: Desk, **fields: Any) -> Any:
    return client.post(URL, {"desk": str(to.pk), **GOOD, **fields})


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"start": "2026-11-30", "end": "2026-11-01"}, "The range ends before it starts."),
        ({"start": "2025-01-01", "end": "2026-11-30"}, "A report covers at most 366 days"),
        ({"file_format": "pdf"}, "Select a valid choice. pdf is not one of"),
        ({"file_format": ""}, "This field is required."),
        ({"start": "2026-02-30"}, "Enter a valid date."),
        ({"end": "yesterday"}, "Enter a valid date."),
        ({"start": "9999-12-31", "end": "10000-01-01"}, "Enter a valid date."),
        ({"desk": "news"}, "Select a valid choice."),
        ({"desk": "999999"}, "Select a valid choice."),
        ({"desk": ""}, "This field is required."),
        ({"start": "\x00"}, "Enter a valid date."),
    ],
)
def test_it_refuses_bad_input_and_records_nothing(
    signed_in: Client, desk: Desk, fields: dict[str, str], message: str
) -> None:
    response = ask(signed_in, desk, **fields)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not DeskReport.objects.exists()


def test_the_longest_range_is_a_setting(signed_in: Client, desk: Desk, settings: Any) -> None:
    settings.REPORT_MAX_DAYS = 7
    assert ask(signed_in, desk, start="2026-11-01", end="2026-11-07").status_code == 302
    response = ask(signed_in, desk, start="2026-11-01", end="2026-11-08")
    assert response.status_code == 400
    assert "A report covers at most 7 days; this range has 8." in response.content.decode()
    assert DeskReport.objects.count() == 1


def test_it_refuses_a_fourth_report_while_three_are_on_the_way(
    signed_in: Client, editor: User, desk: Desk
) -> None:
    for status in (ReportStatus.QUEUED, ReportStatus.RUNNING, ReportStatus.QUEUED):
        DeskReport.objects.create(
            requested_by=editor, desk=desk, start="2026-11-01", end="2026-11-02", format="csv",
            status=status,
        )  # fmt: skip
    response = ask(signed_in, desk)
    assert response.status_code == 400
    assert "You already have 3 reports on the way" in response.content.decode()
    assert DeskReport.objects.count() == 3


def test_a_get_with_junk_parameters_just_shows_the_page(signed_in: Client) -> None:
    assert signed_in.get(URL, {"desk": "'; DROP TABLE", "start": "\x00"}).status_code == 200


def test_the_download_of_an_unknown_report_is_a_404(signed_in: Client) -> None:
    assert signed_in.get("/newsroom/reports/999999/download/").status_code == 404
