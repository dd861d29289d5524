"""Who may read /metrics: a scraper with the bearer token, or a client on an internal network.

Metrics tell an attacker a great deal (routes, error rates, partner key
prefixes), so the endpoint is never public.  Either condition admits:

- ``Authorization: Bearer <METRICS_TOKEN>`` (compared in constant time), for a
  scraper outside the node's network;
- a client address inside ``METRICS_ALLOWED_NETWORKS`` (default: loopback),
  found behind ``TRUSTED_PROXY_COUNT`` proxies like every other per-client
  rule, so a request relayed by nginx is judged by its real client, not by
  nginx's loopback address.
"""

from __future__ import annotations

import hmac
import ipaddress

from django.conf import settings
from django.http import HttpRequest

from ops.throttle.clientip import client_ip


def networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(cidr, strict=False) for cidr in settings.METRICS_ALLOWED_NETWORKS]


def has_token(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    if not token:
        return False
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(
        given.strip().encode(), token.encode()
    )


def from_internal_network(request: HttpRequest) -> bool:
    address = ipaddress.ip_address(client_ip(request))
    return any(address in network for network in networks())


def may_read_metrics(request: HttpRequest) -> bool:
    """Whether ``request`` may read the metrics (or the readiness details)."""
    return has_token(request) or from_internal_network(request)
