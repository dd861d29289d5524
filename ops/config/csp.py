"""The Content-Security-Policy and Permissions-Policy a site sends, built from a few settings.

Django 6's ``ContentSecurityPolicyMiddleware`` sends whatever dictionary
``SECURE_CSP`` holds; this module decides what goes in it, once, so the policy
is the same in every process and a test can read it back.  The policy is
strict: our own origin only, scripts and styles from files (or an element
carrying the request's nonce), no ``'unsafe-inline'`` and no ``'unsafe-eval'``
anywhere, no plugins, no framing, forms that post only to us.

Static and media files may live on another origin (``STATIC_URL`` set to a
CDN); that origin is then allowed for exactly the kinds of file it serves,
derived from the URL rather than configured twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

PERMISSIONS_POLICY_FEATURES = (
    "accelerometer",
    "autoplay",
    "browsing-topics",
    "camera",
    "display-capture",
    "encrypted-media",
    "fullscreen",
    "gamepad",
    "geolocation",
    "gyroscope",
    "hid",
    "idle-detection",
    "local-fonts",
    "magnetometer",
    "microphone",
    "midi",
    "otp-credentials",
    "payment",
    "picture-in-picture",
    "publickey-credentials-create",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
)
"""Powerful browser features the Permissions-Policy header names; each is off unless granted."""

USED_BY_THE_SITE = ("publickey-credentials-create", "publickey-credentials-get")
"""Features our own pages use: WebAuthn security keys for two-factor sign-in."""


def origin_of(url: str) -> str | None:
    """The origin of an absolute URL, or None for a path on this site.

    >>> origin_of("https://cdn.example.org/static/")
    'https://cdn.example.org'
    >>> origin_of("/static/") is None
    True
    """
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}"
    return None


def socket_origin(url: str) -> str | None:
    """The origin of an absolute ``ws://`` or ``wss://`` URL, or None for a path on this site.

    >>> socket_origin("ws://127.0.0.1:8001/ws/budget/"), socket_origin("/ws/budget/")
    ('ws://127.0.0.1:8001', None)
    """
    parts = urlsplit(url)
    if parts.scheme in ("ws", "wss") and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}"
    return None


def content_security_policy(
    *, static_url: str, media_url: str, report_uri: str = "", socket_url: str = ""
) -> dict[str, list[str]]:
    """``SECURE_CSP`` for a site whose static and media files are at these URLs.

    A WebSocket on our own origin is ``'self'``; ``socket_url`` on another one
    (the realtime process on its own port, in ``make run``) adds its origin to
    ``connect-src``.

    The header it makes, for a request whose nonce is ``abc``:

    >>> from django.utils.csp import build_policy
    >>> policy = content_security_policy(static_url="/static/", media_url="/media/")
    >>> print(build_policy(policy, nonce="abc"))
    default-src 'self'; script-src 'self' 'nonce-abc'; style-src 'self' 'nonce-abc';
    img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none';
    base-uri 'self'; form-action 'self'; frame-ancestors 'none'
    >>> cdn = content_security_policy(static_url="https://cdn.example.org/s/", media_url="/m/")
    >>> print(build_policy({"style-src": cdn["style-src"]}))
    style-src 'self' https://cdn.example.org
    >>> live = content_security_policy(static_url="/s/", media_url="/m/", socket_url="ws://h:8001/ws/")
    >>> live["connect-src"][1:]
    ['ws://h:8001']
    """
    static = [origin] if (origin := origin_of(static_url)) else []
    sockets = [origin] if (origin := socket_origin(socket_url)) else []
    media = [origin] if (origin := origin_of(media_url)) else []
    policy: dict[str, list[str]] = {
        "default-src": [CSP.SELF],
        "script-src": [CSP.SELF, CSP.NONCE, *static],
        "style-src": [CSP.SELF, CSP.NONCE, *static],
        "img-src": [CSP.SELF, "data:", *unique(static + media)],
        "font-src": [CSP.SELF, *static],
        "connect-src": [CSP.SELF, *sockets],
        "object-src": [CSP.NONE],
        "base-uri": [CSP.SELF],
        "form-action": [CSP.SELF],
        "frame-ancestors": [CSP.NONE],
    }
    if report_uri:
        if not (report_uri.startswith("/") or origin_of(report_uri)):
            raise ImproperlyConfigured(
                f"CSP_REPORT_URI must be a path or an http(s) URL, got {report_uri!r}"
            )
        policy["report-uri"] = [report_uri]
    return policy


def permissions_policy(granted: Iterable[str] = ()) -> dict[str, list[str]]:
    """``PERMISSIONS_POLICY``: every feature off, except ours and ``granted`` (for our origin).

    >>> policy = permissions_policy(["geolocation"])
    >>> policy["camera"], policy["geolocation"], policy["publickey-credentials-get"]
    ([], ['self'], ['self'])
    """
    allowed = {*USED_BY_THE_SITE, *granted}
    unknown = sorted(allowed - set(PERMISSIONS_POLICY_FEATURES))
    if unknown:
        raise ImproperlyConfigured(
            f"PERMISSIONS_POLICY_SELF names features the policy does not know: {unknown}; "
            f"choose from {', '.join(PERMISSIONS_POLICY_FEATURES)}"
        )
    return {
        feature: ["self"] if feature in allowed else [] for feature in PERMISSIONS_POLICY_FEATURES
    }


def unique(values: list[str]) -> list[str]:
    """``values`` without repeats, in their first order."""
    return list(dict.fromkeys(values))
