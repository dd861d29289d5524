"""How django-axes counts failed sign-ins here: per username and network, answered with a 429.

A lockout is keyed by the *combination* of username and client network
(``AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]``):

- an attacker who hammers a reporter's username locks out only themselves,
  never the reporter signing in from the newsroom or from home;
- an attacker spreading guesses over many addresses gets ``LOGIN_FAILURE_LIMIT``
  tries per address per cool-off, and even a right guess is worth nothing on its
  own, since every account must also pass a TOTP code (allauth limits wrong
  codes per account).  The password policy keeps guessable passwords out.

The callables below are named in settings (``AXES_*_CALLABLE``).
"""

from __future__ import annotations

import ipaddress
from typing import Any

from axes.helpers import get_cool_off
from django.http import HttpRequest, HttpResponse

from ops.throttle.clientip import client_ip
from ops.throttle.events import record_block
from ops.throttle.responses import too_many_requests

IPV6_NETWORK_PREFIX = 64


def attempted_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """The username a sign-in attempt is for, lower-cased as allauth matches usernames.

    allauth posts the field as ``login`` and authenticates with ``username=``;
    axes sees one or the other depending on where it asks.  Case is folded so
    "Reporter" and "reporter" (the same account) share one failure count.
    """
    value = None
    if credentials:
        value = credentials.get("username") or credentials.get("login")
    if value is None and request is not None:
        value = request.POST.get("login") or request.POST.get("username")
    return str(value).strip().lower() if value else None


def client_address(request: HttpRequest) -> str:
    """The client's address behind the trusted proxies; for IPv6 the start of its /64.

    One IPv6 subscriber holds a whole /64, so counting single addresses would
    give an attacker 2**64 fresh username+address pairs.
    """
    address = client_ip(request)
    parsed = ipaddress.ip_address(address)
    if isinstance(parsed, ipaddress.IPv6Address):
        network = ipaddress.ip_network(f"{address}/{IPV6_NETWORK_PREFIX}", strict=False)
        return str(network.network_address)
    return address


def locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The answer to a locked-out sign-in: 429, saying for how long, with Retry-After."""
    cool_off = get_cool_off(request)
    seconds = int(cool_off.total_seconds()) if cool_off else 0
    minutes = max(1, round(seconds / 60))
    record_block(
        request, "login-locked", detail=f"username={attempted_username(request, credentials)}"
    )
    return too_many_requests(
        request,
        retry_after=seconds,
        message=(
            f"Too many failed sign-ins to this account from your network. Try again in "
            f"{minutes} minute{'s' if minutes != 1 else ''}, or ask a newsroom admin to "
            "unlock your account."
        ),
        reason="login-locked",
        says_when=True,
    )
