"""Which address a limit counts: X-Forwarded-For is believed only as far as trusted proxies."""

from __future__ import annotations

import pytest
from django.test import RequestFactory, override_settings

from ops.throttle.clientip import client_ip, client_network

factory = RequestFactory()


def request_from(remote: str, forwarded: str | None = None):  # type: ignore[no-untyped-def]
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return factory.get("/", **headers)


@override_settings(TRUSTED_PROXY_COUNT=0)
def test_without_proxies_a_forged_header_is_ignored() -> None:
    assert client_ip(request_from("198.51.100.7", "1.2.3.4")) == "198.51.100.7"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_the_client_cannot_choose_its_address() -> None:
    # The client forged "1.2.3.4"; nginx appended the address it really saw.
    assert client_ip(request_from("10.0.0.2", "1.2.3.4, 198.51.100.7")) == "198.51.100.7"


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_behind_two_proxies_the_second_from_the_right_is_the_client() -> None:
    forwarded = "1.2.3.4, 198.51.100.7, 10.0.0.9"
    assert client_ip(request_from("10.0.0.2", forwarded)) == "198.51.100.7"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_a_request_that_bypassed_the_proxy_counts_against_its_own_address() -> None:
    assert client_ip(request_from("198.51.100.7")) == "198.51.100.7"


@override_settings(TRUSTED_PROXY_COUNT=1)
@pytest.mark.parametrize("junk", ["not-an-ip", "1.2.3.4\x00", "' OR 1=1", "999.1.1.1", ""])
def test_a_garbage_forwarded_address_falls_back_to_the_peer(junk: str) -> None:
    assert client_ip(request_from("10.0.0.2", junk)) == "10.0.0.2"


def test_ipv6_clients_are_counted_by_their_64_bit_network() -> None:
    one = request_from("2001:db8:1:2::1")
    same_subscriber = request_from("2001:db8:1:2:ffff::9")
    other = request_from("2001:db8:1:3::1")
    assert client_network(one) == client_network(same_subscriber) == "2001:db8:1:2::/64"
    assert client_network(other) != client_network(one)


def test_ipv4_mapped_ipv6_is_the_ipv4_address() -> None:
    assert client_ip(request_from("::ffff:192.0.2.1")) == "192.0.2.1"
