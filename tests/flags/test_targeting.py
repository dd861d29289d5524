"""Each way of targeting a flag: named users, groups, staff only, a percentage of readers, off.

Through the test client and the ``{% flag %}`` template tag, with waffle's
middleware in the stack as in production.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client, RequestFactory
from waffle import flag_is_active

from newsbudget.accounts.models import User
from tests.factories import UserFactory
from tests.flags.conftest import feature_shown, make_flag

pytestmark = pytest.mark.urls("tests.flags.urls")


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_flag_for_named_users_is_on_for_them_only(db: None) -> None:
    chosen, other = UserFactory(), UserFactory()
    make_flag().users.add(chosen)

    assert feature_shown(signed_in(chosen))
    assert not feature_shown(signed_in(other))
    assert not feature_shown(Client())


def test_a_flag_for_a_group_is_on_for_its_members_only(db: None) -> None:
    testers = Group.objects.create(name="Beta testers")
    member, other = UserFactory(), UserFactory()
    member.groups.add(testers)
    make_flag().groups.add(testers)

    assert feature_shown(signed_in(member))
    assert not feature_shown(signed_in(other))
    assert not feature_shown(Client())


def test_a_staff_only_flag_is_on_for_staff_only(db: None) -> None:
    make_flag(staff=True)

    assert feature_shown(signed_in(UserFactory(is_staff=True)))
    assert not feature_shown(signed_in(UserFactory(is_staff=False)))
    assert not feature_shown(Client())


def test_a_percentage_flag_follows_the_readers_cookie(db: None) -> None:
    make_flag(percent=50)
    inside, outside = Client(), Client()
    inside.cookies["dwf_beta_feature"] = "True"
    outside.cookies["dwf_beta_feature"] = "False"

    assert all(feature_shown(inside) for _ in range(5))
    assert not any(feature_shown(outside) for _ in range(5))


def test_a_new_reader_is_placed_once_and_keeps_their_place(db: None) -> None:
    make_flag(percent=50)
    reader = Client()

    first = reader.get("/feature/")
    placed = first.cookies["dwf_beta_feature"].value
    later = {feature_shown(reader) for _ in range(5)}

    assert placed in ("True", "False")
    assert later == {placed == "True"}
    assert "private" in first["Cache-Control"]  # it hands out a cookie: never shared


def test_a_zero_percentage_places_nobody(db: None) -> None:
    make_flag(percent=0)

    assert not any(feature_shown(Client()) for _ in range(5))


def test_a_flag_for_everyone_is_on_for_every_reader(db: None) -> None:
    make_flag(everyone=True)

    assert feature_shown(Client())


def test_a_flag_switched_off_hides_the_feature_from_everyone(db: None) -> None:
    flag = make_flag(everyone=False, staff=True, percent=50)
    flag.users.add(user := UserFactory(is_staff=True))
    reader = Client()
    reader.cookies["dwf_beta_feature"] = "True"

    assert not feature_shown(signed_in(user))
    assert not feature_shown(reader)


def test_a_flag_nobody_created_is_off_and_is_not_created(db: None, rf: RequestFactory) -> None:
    from waffle import get_waffle_flag_model

    assert not feature_shown(Client())
    assert not flag_is_active(rf.get("/"), "no_such_flag")
    assert not get_waffle_flag_model().objects.exists()


def test_a_query_string_cannot_switch_a_flag_on(db: None) -> None:
    make_flag(everyone=False)

    assert not feature_shown(Client(), "/feature/?beta_feature=1")
