"""The request line names the signed-in user, but never pays a query to find out who it is."""

from __future__ import annotations

from django.test import Client

from newsbudget.accounts.models import User
from ops.logs.tests.capture import captured_log


def request_lines(client: Client, *urls: str) -> list[dict[str, object]]:
    with captured_log() as log:
        for url in urls:
            client.get(url)
    return log.events("request")


def test_it_reports_the_user_of_a_page_that_looked_them_up(editor: User) -> None:
    client = Client()
    client.force_login(editor)

    (budget,) = request_lines(client, "/newsroom/budget/")

    assert budget["user_id"] == editor.pk
    assert budget["route"] == "budget:today"


def test_it_leaves_the_user_out_of_a_cached_public_page(editor: User) -> None:
    client = Client()
    client.force_login(editor)

    (robots,) = request_lines(client, "/robots.txt")

    assert robots["user_id"] is None
    assert robots["db_queries"] == 0


def test_it_reports_no_user_for_a_session_that_has_not_enrolled_in_2fa(db: None) -> None:
    unenrolled = User.objects.create_user("new-hire", "new-hire@newsroom.test", "x" * 20)
    client = Client()
    client.force_login(unenrolled)

    (budget,) = request_lines(client, "/newsroom/budget/")

    assert budget["user_id"] is None
    assert budget["status"] == 302
