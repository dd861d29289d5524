"""The client's IP address, behind a configured number of trusted reverse proxies.

Each proxy appends the address it received the request from to
``X-Forwarded-For``, so with ``TRUSTED_PROXY_COUNT = N`` the client is the
N-th address from the right.  Anything further left was written by the client
and is ignored, which is what stops a spoofed header from choosing the
address a rate limit counts against.  With no trusted proxy the header is not
read at all.

>>> from django.test import RequestFactory
>>> from django.test.utils import override_settings
>>> request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2",
...                                HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
>>> with override_settings(TRUSTED_PROXY_COUNT=1):
...     client_ip(request)
'203.0.113.9'
>>> with override_settings(TRUSTED_PROXY_COUNT=0):
...     client_ip(request)
'10.0.0.2'
"""

from __future__ import annotations

import functools
import ipaddress

from django.conf import settings
from django.http import HttpRequest

UNKNOWN = "0.0.0.0"  # noqa: S104 - a placeholder address, never bound
IPV6_GROUP_PREFIX = 64


def client_ip(request: HttpRequest) -> str:
    """The address of the client, in canonical form; UNKNOWN if nothing valid is found."""
    trusted = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    remote = canonical(request.META.get("REMOTE_ADDR", ""))
    if trusted <= 0:
        return remote or UNKNOWN
    forwarded = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [hop for hop in forwarded if hop]
    if not forwarded:
        return remote or UNKNOWN
    chosen = forwarded[-trusted] if len(forwarded) >= trusted else forwarded[0]
    return canonical(chosen) or remote or UNKNOWN


@functools.lru_cache(maxsize=4096)
def canonical(address: str) -> str:
    """``address`` as ``ipaddress`` writes it, or "" if it is not an IP address.

    >>> canonical("2001:DB8:0:0::1"), canonical("::ffff:192.0.2.1"), canonical("evil")
    ('2001:db8::1', '192.0.2.1', '')
    """
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return ""
    if isinstance(parsed, ipaddress.IPv6Address) and parsed.ipv4_mapped:
        return str(parsed.ipv4_mapped)
    return str(parsed)


def client_network(request: HttpRequest) -> str:
    """What a per-IP limit counts against: the address, or its /64 for IPv6.

    One IPv6 subscriber usually holds a whole /64, so counting single addresses
    would give an attacker 2**64 fresh buckets.

    >>> from django.test import RequestFactory
    >>> client_network(RequestFactory().get("/", REMOTE_ADDR="2001:db8::1:2"))
    '2001:db8::/64'
    """
    address = client_ip(request)
    parsed = ipaddress.ip_address(address)
    if isinstance(parsed, ipaddress.IPv6Address):
        return str(ipaddress.ip_network(f"{address}/{IPV6_GROUP_PREFIX}", strict=False))
    return address
