"""The Content-Security-Policy of Wagtail's admin (/cms/): the site's, relaxed for what it needs.

Public pages send the strict policy of ``ops.config.csp``: scripts and styles
from our files only, inline code only with the request's nonce.  Wagtail's
admin is a rich editor written for a less strict world, and on its views only
(this decorator is applied to each of them in ``config.urls``) the policy is
relaxed where it must be:

- ``script-src`` and ``style-src`` allow inline code: the page editor's date
  and time pickers and its inline panels are initialised by inline
  ``<script>`` elements rendered by form widgets (which never see the
  request, so they cannot carry its nonce), and its widgets set styles from
  script.  The nonce is dropped from these two directives, because a
  browser ignores ``'unsafe-inline'`` wherever a nonce is present.
- ``img-src`` allows ``blob:`` and ``data:``: previews of images being uploaded.
- ``frame-ancestors 'self'`` and ``X-Frame-Options: SAMEORIGIN``: the editor
  shows its live preview in a frame of our own origin.

Everything else is the site's: no ``'unsafe-eval'``, no plugins, forms post
only to us, nothing from other origins.  The admin is only ever served to
verified staff (the staff sign-in, 2FA and the staff check), and what they
write reaches readers only through the public pages' strict policy and the
rich-text allowlist, so the relaxation never reaches a reader.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils.csp import CSP

View = Callable[..., HttpResponseBase]

SELF = str(CSP.SELF)
INLINE = str(CSP.UNSAFE_INLINE)


def relaxed_for_the_cms(policy: dict[str, Any]) -> dict[str, Any]:
    """``policy`` with the admin's relaxations; an empty policy (none sent) stays empty.

    >>> relaxed = relaxed_for_the_cms(
    ...     {"script-src": ["'self'", CSP.NONCE], "style-src": ["'self'", CSP.NONCE],
    ...      "img-src": ["'self'"], "object-src": ["'none'"], "frame-ancestors": ["'none'"]})
    >>> relaxed["script-src"], relaxed["style-src"]
    (["'self'", "'unsafe-inline'"], ["'self'", "'unsafe-inline'"])
    >>> relaxed["img-src"], relaxed["frame-ancestors"], relaxed["object-src"]
    (["'self'", 'blob:', 'data:'], ["'self'"], ["'none'"])
    """
    if not policy:
        return policy
    relaxed = dict(policy)
    for directive in ("script-src", "style-src"):
        sources = [source for source in policy.get(directive, [SELF]) if source != CSP.NONCE]
        relaxed[directive] = list(dict.fromkeys([*sources, INLINE]))
    relaxed["img-src"] = list(dict.fromkeys([*policy.get("img-src", [SELF]), "blob:", "data:"]))
    relaxed["frame-ancestors"] = [SELF]
    return relaxed


def content_security_policy_for_the_cms(view: View) -> View:
    """Send the admin's policy (enforced or report-only, like the site's) on ``view``'s answers."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        response._csp_config = relaxed_for_the_cms(settings.SECURE_CSP)  # type: ignore[attr-defined]
        response._csp_ro_config = relaxed_for_the_cms(settings.SECURE_CSP_REPORT_ONLY)  # type: ignore[attr-defined]
        response["X-Frame-Options"] = "SAMEORIGIN"
        return response

    return wrapper
