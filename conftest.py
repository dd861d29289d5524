"""Fixtures shared by every suite: a desk, and one person in each newsroom role."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from newsbudget.accounts.models import User
from newsbudget.accounts.roles import ADMIN, EDITOR, REPORTER
from newsbudget.desks.models import Desk
from tests.factories import DeskFactory, staff_member

collect_ignore = ["config/gunicorn.conf.py"]


@pytest.fixture
def desk(db: None) -> Desk:
    return DeskFactory(name="News", slug="news")


@pytest.fixture
def other_desk(db: None) -> Desk:
    return DeskFactory(name="Sports", slug="sports")


@pytest.fixture
def reporter(desk: Desk) -> User:
    return staff_member(REPORTER, desk, username="reporter")


@pytest.fixture
def editor(desk: Desk) -> User:
    return staff_member(EDITOR, desk, username="editor")


@pytest.fixture
def other_editor(other_desk: Desk) -> User:
    """An editor of another desk: an editor everywhere else, a stranger here."""
    return staff_member(EDITOR, other_desk, username="sports-editor")


@pytest.fixture
def newsroom_admin(db: None) -> User:
    return staff_member(ADMIN, username="chief")


@pytest.fixture(autouse=True)
def _closed_circuits() -> Iterator[None]:
    """Each test starts with every outbound circuit closed: breakers live in the process."""
    from ops.http.breaker import breakers

    breakers.reset()
    yield
    breakers.reset()


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with an empty cache: no page, version or fragment from another test."""
    from django.core.cache import cache

    cache.clear()
