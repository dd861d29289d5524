"""Wagtail's admin at /cms/: the same staff sign-in, 2FA gate and staff check as /admin/."""

from __future__ import annotations

from django.test import Client

from newsbudget.accounts.models import User
from newsbudget.accounts.roles import EDITOR
from newsbudget.accounts.tests.helpers import ENROL, LOGIN, SECOND_STEP
from newsbudget.desks.models import Desk
from tests.factories import PASSWORD, staff_member, totp_code


def test_it_sends_a_visitor_to_the_staff_login(client: Client, db: None) -> None:
    response = client.get("/cms/")

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=%2Fcms%2F"


def test_wagtails_own_login_page_is_the_staff_login(client: Client, db: None) -> None:
    response = client.get("/cms/login/?next=/cms/pages/")

    assert response["Location"] == f"{LOGIN}?next=%2Fcms%2Fpages%2F"


def test_it_sends_staff_without_2fa_to_enrol(client: Client, desk: Desk) -> None:
    client.force_login(staff_member(EDITOR, desk, username="fresh", totp=False))

    assert client.get("/cms/")["Location"] == ENROL


def test_it_refuses_signed_in_non_staff(client: Client, reporter: User) -> None:
    client.force_login(reporter)

    assert client.get("/cms/").status_code == 403


def test_after_password_and_code_the_cms_opens_for_an_editor(client: Client, editor: User) -> None:
    client.post(f"{LOGIN}?next=/cms/", {"login": "editor", "password": PASSWORD})
    response = client.post(SECOND_STEP, {"code": totp_code(editor)})

    assert response["Location"] == "/cms/"
    page = client.get("/cms/")
    assert page.status_code == 200
    assert "wagtail" in page.content.decode().lower()


def directives(policy: str) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in policy.split(";"))


def test_only_the_cms_gets_the_relaxed_policy_it_needs(client: Client, editor: User) -> None:
    client.force_login(editor)

    admin = client.get("/cms/")
    site = client.get("/")
    page = client.get("/pages/")

    admin_policy = directives(admin["Content-Security-Policy"])
    assert admin_policy["script-src"] == "'self' 'unsafe-inline'"
    assert admin_policy["style-src"] == "'self' 'unsafe-inline'"
    assert admin_policy["frame-ancestors"] == "'self'"
    assert admin_policy["object-src"] == "'none'"
    assert "'unsafe-eval'" not in admin["Content-Security-Policy"]
    assert admin["X-Frame-Options"] == "SAMEORIGIN"
    for public in (site, page):
        assert "'unsafe-inline'" not in public["Content-Security-Policy"]
        assert directives(public["Content-Security-Policy"])["frame-ancestors"] == "'none'"
        assert public["X-Frame-Options"] == "DENY"
