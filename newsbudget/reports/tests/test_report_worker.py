"""The real task worker builds a report an editor asked for through the page."""

from __future__ import annotations

import pytest
from django.core.files.storage import storages
from django.core.management import call_command
from django.test import Client
from django_tasks_db.models import DBTaskResult

from newsbudget.accounts.models import User
from newsbudget.desks.models import Desk
from newsbudget.reports.models import DeskReport, ReportStatus
from tests.factories import StoryFactory


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("s3_storages")
def test_the_worker_builds_the_report_into_storage(
    client: Client, editor: User, desk: Desk
) -> None:
    StoryFactory(desk=desk, headline="Tram line opens", budget_date="2026-11-10", bylines=[])
    client.force_login(editor)
    response = client.post(
        "/newsroom/reports/",
        {"desk": desk.pk, "start": "2026-11-01", "end": "2026-11-30", "file_format": "csv"},
    )
    assert response.status_code == 302

    call_command("worker", batch=True, startup_delay=False, verbosity=0)

    report = DeskReport.objects.get()
    assert report.status == ReportStatus.READY
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    with storages["private"].open(report.file_name, "rb") as file:
        assert "Tram line opens" in file.read().decode("utf-8-sig")
