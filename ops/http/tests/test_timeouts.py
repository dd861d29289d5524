"""Every call has a timeout; no answer in time, or no server at all, raises OutboundError."""

from __future__ import annotations

import time

import pytest
from pytest_django.fixtures import Settings

from ops.http.client import OutboundError, request
from ops.http.tests.loopback import Answer, Site, closed_port_url


def test_it_gives_up_when_the_answer_is_slower_than_the_timeout(site: Site) -> None:
    site.answer("/slow", Answer(delay=2))
    started = time.monotonic()

    with pytest.raises(OutboundError, match="timed out"):
        request("GET", f"{site.url}/slow", timeout=0.2, retries=0)

    assert time.monotonic() - started < 1


def test_a_timed_out_get_is_retried_within_its_own_timeouts(site: Site) -> None:
    site.answer("/slow", Answer(delay=2), 200)
    started = time.monotonic()

    assert request("GET", f"{site.url}/slow", timeout=0.2, retries=1).status == 200
    assert time.monotonic() - started < 1.5


def test_the_timeout_comes_from_the_setting(site: Site, settings: Settings) -> None:
    settings.HTTP_CLIENT_TIMEOUT_SECONDS = 0.2
    site.answer("/slow", Answer(delay=2))
    started = time.monotonic()

    with pytest.raises(OutboundError, match=r"timed out .*after 0.2 s"):
        request("GET", f"{site.url}/slow", retries=0)

    assert time.monotonic() - started < 1


def test_a_refused_connection_is_an_outbound_error() -> None:
    with pytest.raises(OutboundError, match="failed"):
        request("GET", f"{closed_port_url()}/page", retries=0)
