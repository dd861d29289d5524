"""Good crawlers, verified by address: a search engine's user agent from its published networks.

Anyone can send ``User-Agent: Googlebot``, so the name alone earns nothing;
a request is a verified crawler only when its user agent names one of
``BOT_GOOD_CRAWLERS`` *and* the client address lies in one of
``BOT_GOOD_CRAWLER_NETWORKS`` (the ranges Google, Microsoft and others
publish).  Checking a list of networks works offline and costs no DNS lookup
in the request path, unlike reverse-DNS verification.  A spoofed name from
elsewhere is just another client, subject to every limit.
"""

from __future__ import annotations

import functools
import ipaddress
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest

from ops.bots.agents import matching_token
from ops.throttle.clientip import client_ip

type Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def is_verified_crawler(request: HttpRequest) -> bool:
    """Whether ``request`` comes from a good crawler's user agent *and* its published networks."""
    user_agent = request.headers.get("User-Agent", "")
    if matching_token(user_agent, getattr(settings, "BOT_GOOD_CRAWLERS", [])) is None:
        return False
    address = ipaddress.ip_address(client_ip(request))
    return any(address in network for network in good_networks())


@functools.cache
def good_networks() -> tuple[Network, ...]:
    return tuple(
        ipaddress.ip_network(cidr, strict=False)
        for cidr in getattr(settings, "BOT_GOOD_CRAWLER_NETWORKS", [])
    )


@receiver(setting_changed)
def _forget_networks(setting: str, **kwargs: Any) -> None:
    if setting == "BOT_GOOD_CRAWLER_NETWORKS":
        good_networks.cache_clear()
