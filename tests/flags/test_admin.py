"""Flags are managed in the Django admin (Waffle › Flags)."""

from __future__ import annotations

from django.test import Client

from tests.factories import UserFactory


def test_a_superuser_lists_and_adds_flags_in_the_admin(db: None) -> None:
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    assert client.get("/admin/waffle/flag/").status_code == 200
    assert client.get("/admin/waffle/flag/add/").status_code == 200


def test_readers_cannot_reach_it(db: None) -> None:
    response = Client().get("/admin/waffle/flag/")

    assert response.status_code == 302
