"""The reports page: an editor asks for a report and finds it listed, linked once it is ready."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django_tasks_db.models import DBTaskResult

from newsbudget.accounts.models import User
from newsbudget.desks.models import Desk
from newsbudget.reports.models import DeskReport, ReportStatus
from tests.factories import DeskFactory

URL = "/newsroom/reports/"


def ask(client: Client, desk: Desk, **fields: str) -> Any:
    data = {"desk": str(desk.pk), "start": "2026-11-01", "end": "2026-11-30", "file_format": "csv"}
    return client.post(URL, {**data, **fields})


def test_it_queues_the_report_and_its_build_after_commit(
    client: Client,
    editor: User,
    desk: Desk,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, desk, file_format="xlsx")
    assert response.status_code == 302
    assert response["Location"] == URL
    report = DeskReport.objects.get()
    assert (report.requested_by, report.desk, report.format) == (editor, desk, "xlsx")
    assert report.status == ReportStatus.QUEUED
    task = DBTaskResult.objects.get()
    assert task.task_path == "newsbudget.reports.tasks.build_desk_report"
    assert task.args_kwargs == {"args": [], "kwargs": {"report_id": report.pk}}


def test_it_offers_only_the_desks_the_editor_edits(
    client: Client, editor: User, desk: Desk, other_desk: Desk
) -> None:
    politics = DeskFactory(name="Politics", slug="politics")
    politics.staff.add(editor)
    client.force_login(editor)
    html = client.get(URL).content.decode()
    assert f'<option value="{desk.pk}"' in html
    assert f'<option value="{politics.pk}"' in html
    assert f'<option value="{other_desk.pk}"' not in html


def test_an_admin_may_ask_for_any_desk(
    client: Client, newsroom_admin: User, desk: Desk, other_desk: Desk
) -> None:
    client.force_login(newsroom_admin)
    assert ask(client, other_desk).status_code == 302
    assert DeskReport.objects.get().desk == other_desk


@pytest.mark.usefixtures("filesystem_storages")
def test_it_lists_the_editors_own_reports_with_a_link_when_ready(
    client: Client, editor: User, other_editor: User, built: Callable[[str], DeskReport]
) -> None:
    ready = built("csv")
    queued = DeskReport.objects.create(
        requested_by=editor, desk=ready.desk, start=ready.start, end=ready.end, format="xlsx"
    )
    theirs = DeskReport.objects.create(
        requested_by=other_editor, desk=ready.desk, start=ready.start, end=ready.end, format="csv"
    )
    client.force_login(editor)
    html = client.get(URL).content.decode()
    assert f'id="report-{ready.pk}"' in html
    assert f'href="/newsroom/reports/{ready.pk}/download/"' in html
    assert f'id="report-{queued.pk}"' in html
    assert f"/newsroom/reports/{queued.pk}/download/" not in html
    assert f'id="report-{theirs.pk}"' not in html


def test_a_failed_report_shows_its_message(client: Client, editor: User, desk: Desk) -> None:
    DeskReport.objects.create(
        requested_by=editor, desk=desk, start="2026-11-01", end="2026-11-30", format="csv",
        status=ReportStatus.FAILED, error="The report could not be built (OSError).",
    )  # fmt: skip
    client.force_login(editor)
    assert "The report could not be built (OSError)." in client.get(URL).content.decode()


def test_editors_see_the_reports_link_and_reporters_do_not(
    client: Client, editor: User, reporter: User
) -> None:
    client.force_login(editor)
    assert 'href="/newsroom/reports/"' in client.get("/newsroom/budget/").content.decode()
    client.force_login(reporter)
    assert 'href="/newsroom/reports/"' not in client.get("/newsroom/budget/").content.decode()
