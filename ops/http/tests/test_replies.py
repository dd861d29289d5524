"""Any status is returned as a Reply: its status, headers, capped body and JSON."""

from __future__ import annotations

import pytest

from ops.http.client import request
from ops.http.tests.loopback import Answer, Site, json_answer


@pytest.mark.parametrize("status", [200, 204, 404, 429, 500])
def test_it_returns_any_status_as_a_reply(site: Site, status: int) -> None:
    site.answer("/x", status)

    assert request("GET", f"{site.url}/x").status == status


def test_it_reads_a_json_answer(site: Site) -> None:
    site.answer("/x", json_answer(200, {"success": True}))

    reply = request("GET", f"{site.url}/x")

    assert reply.ok
    assert reply.json() == {"success": True}
    assert reply.headers["content-type"] == "application/json"


def test_a_body_that_is_not_json_gives_none(site: Site) -> None:
    site.answer("/x", Answer(502, b"<html>Bad gateway</html>"))

    reply = request("GET", f"{site.url}/x", retries=0)

    assert reply.json() is None
    assert reply.excerpt() == "<html>Bad gateway</html>"


def test_it_reads_no_more_than_the_body_cap(site: Site) -> None:
    site.answer("/big", Answer(200, b"x" * 100_000))

    reply = request("GET", f"{site.url}/big", max_body_bytes=1000)

    assert reply.body == b"x" * 1000
    assert reply.truncated


def test_it_sends_json_with_its_content_type(site: Site) -> None:
    site.answer("/hook", 204)

    request("POST", f"{site.url}/hook", json={"text": "hello"}, headers={"X-Key": "k"})

    [seen] = site.hits("/hook")
    assert seen.json() == {"text": "hello"}
    assert seen.headers["Content-Type"] == "application/json"
    assert seen.headers["X-Key"] == "k"
