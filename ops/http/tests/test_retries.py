"""Idempotent calls are retried after a 502/503/504 or a lost connection; a POST never is."""

from __future__ import annotations

import pytest
from pytest_django.fixtures import Settings

from ops.http.client import OutboundError, request
from ops.http.tests.loopback import Answer, Site


def test_it_retries_a_get_after_a_503(site: Site) -> None:
    site.answer("/page", 503, 503, 200)

    reply = request("GET", f"{site.url}/page", retries=2)

    assert reply.status == 200
    assert len(site.hits("/page")) == 3


@pytest.mark.parametrize("method", ["HEAD", "OPTIONS", "PUT", "DELETE", "PURGE"])
def test_it_retries_every_idempotent_method(site: Site, method: str) -> None:
    site.answer("/thing", 502, 204)

    reply = request(method, f"{site.url}/thing", retries=1)

    assert reply.status == 204
    assert [seen.method for seen in site.hits("/thing")] == [method, method]


def test_it_retries_a_get_after_the_connection_drops(site: Site) -> None:
    site.answer("/page", Answer(drop=True), 200)

    assert request("GET", f"{site.url}/page", retries=1).status == 200
    assert len(site.hits("/page")) == 2


def test_it_never_retries_a_post(site: Site) -> None:
    site.answer("/charge", 503)

    reply = request("POST", f"{site.url}/charge", json={"amount": 1}, retries=5)

    assert reply.status == 503
    assert len(site.hits("/charge")) == 1


def test_it_never_retries_a_post_whose_connection_dropped(site: Site) -> None:
    site.answer("/charge", Answer(drop=True), 200)

    with pytest.raises(OutboundError):
        request("POST", f"{site.url}/charge", retries=5)

    assert len(site.hits("/charge")) == 1


def test_it_retries_a_post_the_caller_marks_idempotent(site: Site) -> None:
    site.answer("/purge", 504, 200)

    reply = request("POST", f"{site.url}/purge", idempotent=True, retries=1)

    assert reply.status == 200
    assert len(site.hits("/purge")) == 2


def test_it_returns_the_last_answer_when_the_retries_run_out(site: Site) -> None:
    site.answer("/page", 503)

    reply = request("GET", f"{site.url}/page", retries=2)

    assert reply.status == 503
    assert len(site.hits("/page")) == 3


def test_it_does_not_retry_an_answer_that_another_try_would_not_change(site: Site) -> None:
    site.answer("/page", 500, 200)

    assert request("GET", f"{site.url}/page", retries=2).status == 500
    assert len(site.hits("/page")) == 1


def test_the_number_of_retries_comes_from_the_setting(site: Site, settings: Settings) -> None:
    settings.HTTP_CLIENT_RETRIES = 1
    site.answer("/page", 503)

    request("GET", f"{site.url}/page")

    assert len(site.hits("/page")) == 2
