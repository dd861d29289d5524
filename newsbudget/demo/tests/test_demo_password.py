"""The demo staff share the published password, hashed once rather than twelve times."""

from __future__ import annotations

from unittest import mock

from django.contrib.auth.hashers import make_password

from newsbudget.accounts.models import User
from newsbudget.demo import seed


def test_it_hashes_the_demo_password_once_and_every_demo_login_accepts_it(db: None) -> None:
    with mock.patch.object(seed, "make_password", wraps=make_password) as hashing:
        seed.load_demo_data()

    assert hashing.call_count == 1
    staff = list(User.objects.all())
    assert len(staff) == len(seed.STAFF)
    assert all(user.check_password(seed.DEMO_PASSWORD) for user in staff)
    assert not any(user.check_password("not-the-demo-password") for user in staff)


def test_only_the_admin_is_a_superuser(db: None) -> None:
    seed.load_demo_data()

    assert list(User.objects.filter(is_superuser=True).values_list("username", flat=True)) == [
        "admin"
    ]
