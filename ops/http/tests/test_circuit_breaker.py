"""After N failed calls to an origin, calls fail fast; after the reset time one trial goes out."""

from __future__ import annotations

import threading
import time

import pytest
from pytest_django.fixtures import Settings

from ops.http.client import CircuitOpen, OutboundError, request
from ops.http.tests.loopback import Answer, Site, serve


@pytest.fixture(autouse=True)
def _small_breaker(settings: Settings) -> None:
    settings.HTTP_CLIENT_BREAKER_FAILURES = 3
    settings.HTTP_CLIENT_BREAKER_RESET_SECONDS = 0.3


def fail(site: Site, times: int) -> None:
    for _ in range(times):
        request("GET", f"{site.url}/api", retries=0)


def test_it_opens_after_the_configured_consecutive_failures(site: Site) -> None:
    site.answer("/api", 503)
    fail(site, 3)

    with pytest.raises(CircuitOpen, match="open after 3 consecutive failures"):
        request("GET", f"{site.url}/api", retries=0)

    assert len(site.hits("/api")) == 3


def test_it_fails_fast_without_touching_the_server(site: Site) -> None:
    site.answer("/api", Answer(delay=2))
    for _ in range(3):
        with pytest.raises(OutboundError, match="timed out"):
            request("GET", f"{site.url}/api", timeout=0.1, retries=0)
    started = time.monotonic()

    with pytest.raises(CircuitOpen):
        request("POST", f"{site.url}/other-path", timeout=0.1)

    assert time.monotonic() - started < 0.05
    assert len(site.requests) == 3


def test_an_answer_resets_the_count(site: Site) -> None:
    site.answer("/api", 503, 503, 200, 503)
    fail(site, 5)

    assert request("GET", f"{site.url}/api", retries=0).status == 503
    assert len(site.hits("/api")) == 6


def test_other_statuses_are_answers_not_failures(site: Site) -> None:
    site.answer("/api", 500)
    fail(site, 5)

    assert len(site.hits("/api")) == 5


def test_it_lets_one_trial_through_after_the_reset_time_and_closes_on_success(
    site: Site,
) -> None:
    site.answer("/api", 503, 503, 503, 200)
    fail(site, 3)
    time.sleep(0.35)

    assert request("GET", f"{site.url}/api", retries=2).status == 200
    assert request("GET", f"{site.url}/api", retries=0).status == 200
    assert len(site.hits("/api")) == 5


def test_a_failed_trial_opens_the_circuit_again(site: Site) -> None:
    site.answer("/api", 503)
    fail(site, 3)
    time.sleep(0.35)

    # The trial is a single call, not retried.
    assert request("GET", f"{site.url}/api", retries=2).status == 503
    with pytest.raises(CircuitOpen):
        request("GET", f"{site.url}/api")
    assert len(site.hits("/api")) == 4


def test_only_one_trial_goes_out_while_half_open(site: Site) -> None:
    site.answer("/api", 503, 503, 503, Answer(200, delay=0.3))
    fail(site, 3)
    time.sleep(0.35)
    outcomes: list[str] = []

    def call() -> None:
        try:
            outcomes.append(str(request("GET", f"{site.url}/api", retries=0).status))
        except CircuitOpen:
            outcomes.append("fast fail")

    threads = [threading.Thread(target=call) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["200"] + ["fast fail"] * 5
    assert len(site.hits("/api")) == 4


def test_each_origin_has_its_own_circuit(site: Site) -> None:
    site.answer("/api", 503)
    fail(site, 3)

    with serve() as other:
        other.answer("/api", 200)
        assert request("GET", f"{other.url}/api").status == 200


def test_a_monitor_call_is_never_short_circuited(site: Site) -> None:
    site.answer("/api", 503, 503, 503, 200)
    fail(site, 3)

    assert request("GET", f"{site.url}/api", retries=0, breaker=False).status == 200
    with pytest.raises(CircuitOpen):
        request("GET", f"{site.url}/api")  # and it did not close the circuit either
