"""Redirects are answers: returned, not followed, unless the caller asks."""

from __future__ import annotations

from ops.http.client import request
from ops.http.tests.loopback import Answer, Site


def test_it_does_not_follow_a_redirect(site: Site) -> None:
    site.answer("/old", Answer(301, headers={"Location": "/new"}))
    site.answer("/new", 200)

    reply = request("GET", f"{site.url}/old")

    assert reply.status == 301
    assert reply.headers["location"] == "/new"
    assert site.hits("/new") == []


def test_it_follows_a_redirect_when_asked(site: Site) -> None:
    site.answer("/old", Answer(302, headers={"Location": "/new"}))
    site.answer("/new", Answer(200, b"here"))

    reply = request("GET", f"{site.url}/old", follow_redirects=True)

    assert (reply.status, reply.body) == (200, b"here")
