"""Only a desk's editors (and admins) ask for its report, and only the asker downloads it."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.test import Client

from newsbudget.accounts.models import User
from newsbudget.accounts.roles import EDITOR
from newsbudget.desks.models import Desk
from newsbudget.reports import services
from newsbudget.reports.models import DeskReport
from newsbudget.stories.errors import NotPermitted
from tests.factories import UserFactory, staff_member

URL = "/newsroom/reports/"
FIELDS = {"start": "2026-11-01", "end": "2026-11-30", "file_format": "csv"}


def test_anonymous_visitors_are_sent_to_sign_in(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_reporter_is_refused_the_page(client: Client, reporter: User, desk: Desk) -> None:
    client.force_login(reporter)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"desk": desk.pk, **FIELDS}).status_code == 403
    assert not DeskReport.objects.exists()


@pytest.mark.django_db
def test_someone_outside_the_newsroom_is_refused(client: Client) -> None:
    client.force_login(UserFactory())
    assert client.get(URL).status_code == 403


def test_another_desks_editor_cannot_ask_for_this_desk(
    client: Client, other_editor: User, desk: Desk
) -> None:
    client.force_login(other_editor)
    response = client.post(URL, {"desk": desk.pk, **FIELDS})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not DeskReport.objects.exists()


def test_the_service_refuses_another_desks_editor(other_editor: User, desk: Desk) -> None:
    with pytest.raises(NotPermitted):
        services.request_report(
            by=other_editor,
            desk=desk,
            start=datetime.date(2026, 11, 1),
            end=datetime.date(2026, 11, 30),
            file_format="csv",
        )
    assert not DeskReport.objects.exists()


@pytest.mark.usefixtures("filesystem_storages")
def test_nobody_but_the_asker_downloads_a_report(
    client: Client,
    other_editor: User,
    reporter: User,
    newsroom_admin: User,
    desk: Desk,
    built: Callable[[str], DeskReport],
) -> None:
    report = built("csv")
    download = f"/newsroom/reports/{report.pk}/download/"
    another_editor_of_the_desk = staff_member(EDITOR, desk, username="night-editor")
    for stranger in (reporter, other_editor, newsroom_admin, another_editor_of_the_desk):
        client.force_login(stranger)
        assert client.get(download).status_code == 404


@pytest.mark.usefixtures("filesystem_storages")
def test_an_editor_taken_off_the_desk_can_no_longer_download(
    client: Client, editor: User, desk: Desk, built: Callable[[str], DeskReport]
) -> None:
    report = built("csv")
    desk.staff.remove(editor)
    client.force_login(User.objects.get(pk=editor.pk))
    assert client.get(f"/newsroom/reports/{report.pk}/download/").status_code == 404
