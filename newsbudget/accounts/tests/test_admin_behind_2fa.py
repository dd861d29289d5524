"""The Django admin signs in through the same password + code pages, and its recovery actions."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.test import Client

from newsbudget.accounts.models import User
from newsbudget.accounts.roles import EDITOR
from newsbudget.accounts.tests.helpers import ENROL, LOGIN, SECOND_STEP
from newsbudget.desks.models import Desk
from tests.factories import PASSWORD, staff_member, totp_code

CHANGELIST = "/admin/accounts/user/"


def test_the_admin_sends_a_visitor_to_the_staff_login(client: Client, db: None) -> None:
    response = client.get("/admin/", follow=True)

    assert response.redirect_chain[-1][0] == f"{LOGIN}?next=%2Fadmin%2F"
    assert "Staff login" in response.content.decode()


def test_the_admins_own_login_page_is_the_staff_login(client: Client, db: None) -> None:
    response = client.get("/admin/login/?next=/admin/")

    assert response["Location"] == f"{LOGIN}?next=%2Fadmin%2F"


def test_after_password_and_code_the_admin_opens(client: Client, editor: User) -> None:
    client.post(f"{LOGIN}?next=/admin/", {"login": "editor", "password": PASSWORD})
    response = client.post(SECOND_STEP, {"code": totp_code(editor)})

    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_the_admin_sends_staff_without_2fa_to_enrol(client: Client, desk: Desk) -> None:
    client.force_login(staff_member(EDITOR, desk, username="fresh", totp=False))

    assert client.get("/admin/")["Location"] == ENROL


def test_an_admin_resets_a_colleagues_2fa_who_then_enrols_again(
    client: Client, newsroom_admin: User, reporter: User
) -> None:
    client.force_login(newsroom_admin)

    response = client.post(
        CHANGELIST, {"action": "reset_two_factor", "_selected_action": [reporter.pk]}
    )

    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=reporter).exists()
    reporter.refresh_from_db()
    assert not reporter.has_2fa
    colleague = Client()
    colleague.force_login(reporter)
    assert colleague.get("/newsroom/budget/")["Location"] == ENROL


def test_the_user_list_shows_who_has_2fa(client: Client, newsroom_admin: User, desk: Desk) -> None:
    staff_member(EDITOR, desk, username="fresh", totp=False)
    client.force_login(newsroom_admin)

    page = client.get(f"{CHANGELIST}?has_2fa__exact=0").content.decode()

    assert "fresh" in page
    assert "chief" not in page
