"""Staff can profile one request with ?profile=1; for anyone else the parameter does nothing."""

from __future__ import annotations

import pytest
from django.test import Client

from newsbudget.accounts.models import User


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_editor_gets_the_profile_of_the_page_instead_of_the_page(editor: User) -> None:
    response = signed_in(editor).get("/newsroom/budget/?profile=1")

    assert response.status_code == 200
    page = response.content.decode()
    assert "pyinstrument" in page.lower()
    assert "Budget for" not in page
    assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))
    policy = response["Content-Security-Policy"]
    assert "script-src 'unsafe-inline'" in policy
    assert "default-src 'none'" in policy


def test_the_text_report_is_a_call_tree(editor: User) -> None:
    response = signed_in(editor).get("/newsroom/budget/?profile=text")

    assert response["Content-Type"].startswith("text/plain")
    assert "budget" in response.content.decode()


@pytest.mark.parametrize("who", ["anonymous", "reporter"])
def test_the_parameter_is_ignored_for_anyone_but_staff(who: str, reporter: User) -> None:
    client = Client() if who == "anonymous" else signed_in(reporter)

    response = client.get("/?profile=1")

    assert response.status_code == 200
    assert "pyinstrument" not in response.content.decode().lower()
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_profiling_can_be_switched_off(editor: User, settings) -> None:  # type: ignore[no-untyped-def]
    settings.PROFILING_ENABLED = False

    response = signed_in(editor).get("/newsroom/budget/?profile=1")

    assert "Budget for" in response.content.decode()
