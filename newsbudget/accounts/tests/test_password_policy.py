"""The password policy holds wherever a password is set: the command line and the admin's forms.

(allauth's reset and change forms are in test_password_reset.py.)
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.contrib.auth.management.commands import changepassword
from django.core.management import CommandError, call_command
from django.test import Client

from newsbudget.accounts.models import User
from tests.factories import PASSWORD

BREACHED = "iseedeadpeople"
GOOD = "tram-harbour-ledger-42"


def typed(monkeypatch: pytest.MonkeyPatch, *passwords: str) -> None:
    """What the operator types at changepassword's hidden prompts (in order)."""
    answers: Iterator[str] = iter(passwords)
    monkeypatch.setattr(changepassword.Command, "_get_pass", lambda self, prompt="": next(answers))


def test_changepassword_refuses_a_breached_password(
    reporter: User, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    typed(monkeypatch, *[BREACHED] * 6)

    with pytest.raises(CommandError, match="after 3 attempts"):
        call_command("changepassword", "reporter")

    assert "appeared in a data breach" in capsys.readouterr().err
    reporter.refresh_from_db()
    assert reporter.check_password(PASSWORD)


def test_changepassword_accepts_a_good_password(
    reporter: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    typed(monkeypatch, GOOD, GOOD)

    call_command("changepassword", "reporter", stdout=None)

    reporter.refresh_from_db()
    assert reporter.check_password(GOOD)


def test_the_admin_password_form_refuses_a_breached_password(
    client: Client, newsroom_admin: User, reporter: User
) -> None:
    client.force_login(newsroom_admin)
    url = f"/admin/accounts/user/{reporter.pk}/password/"

    response = client.post(url, {"password1": BREACHED, "password2": BREACHED})

    assert response.status_code == 200
    assert "appeared in a data breach" in response.content.decode()
    reporter.refresh_from_db()
    assert reporter.check_password(PASSWORD)


def test_the_admin_add_form_refuses_a_short_password(client: Client, newsroom_admin: User) -> None:
    client.force_login(newsroom_admin)

    response = client.post(
        "/admin/accounts/user/add/",
        {
            "username": "newhire",
            "usable_password": "true",
            "password1": "short-pw",
            "password2": "short-pw",
        },
    )

    assert response.status_code == 200
    assert "at least 12 characters" in response.content.decode()
    assert not User.objects.filter(username="newhire").exists()
