"""A session cookie that could never have been issued is no session, and costs no query."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from ops.sessions.store import SessionStore


@pytest.mark.parametrize(
    "key",
    ["aaaaaaaaaa\x00", "AAAAAAAAAAAAAAAA", "short", "a" * 41, "ééééééééé", "a;b=c d e f"],
)
def test_it_treats_an_impossible_key_as_no_session(
    key: str, db: None, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(0):
        session = SessionStore(session_key=key)
        assert session.session_key is None
        assert dict(session.items()) == {}


def test_it_still_finds_a_real_session(db: None) -> None:
    session = SessionStore()
    session["answer"] = 42
    session.create()

    assert SessionStore(session_key=session.session_key).load()["answer"] == 42


def test_the_site_uses_it_so_a_quoted_nul_in_the_cookie_is_no_session(
    db: None, django_assert_num_queries: Any
) -> None:
    """``\\000`` inside a quoted cookie value becomes a NUL byte once the cookie is parsed."""
    request = RequestFactory().get("/", headers={"Cookie": 'sessionid="aaaaaaaaaa\\000"'})
    assert request.COOKIES["sessionid"] == "aaaaaaaaaa\x00"

    SessionMiddleware(no_view).process_request(request)

    with django_assert_num_queries(0):
        assert dict(request.session.items()) == {}


def no_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse()
