"""The Content-Security-Policy of Wagtail's admin (/cms/): the site's, relaxed for what it needs.

Public pages send the strict policy of ``ops.config.csp``: scripts and styles
from our files only, inline code only with the request's nonce.  Wagtail's
admin is a rich editor written for a less strict world: its widgets set
``style`` attributes from script (Draftail, the StreamField editor, tooltips,
the focal-point picker), which a nonce cannot cover, and it previews images
the editor is uploading from ``blob:`` and ``data:`` URLs.  So on the admin's
views only (this decorator is applied to each of them in ``config.urls``),
``style-src`` allows inline styles and ``img-src`` allows ``blob:`` and
``data:``.  Scripts stay as strict as everywhere else: no ``'unsafe-inline'``,
no ``'unsafe-eval'`` (Wagtail's admin needs neither), and every other
directive is the site's.  The admin is behind the staff sign-in and 2FA, so
only an editor's own session ever gets the relaxed policy.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils.csp import CSP

View = Callable[..., HttpResponseBase]

ADMIN_RELAXATIONS: dict[str, list[str]] = {
    "style-src": [str(CSP.SELF), str(CSP.UNSAFE_INLINE)],
    "img-src": ["blob:", "data:"],
}


def relaxed_for_the_cms(policy: dict[str, Any]) -> dict[str, Any]:
    """``policy`` with the admin's relaxations: inline styles (no nonce, which would cancel
    ``'unsafe-inline'``), and images from ``blob:``/``data:``; an empty policy stays empty.

    >>> relaxed = relaxed_for_the_cms(
    ...     {"script-src": ["'self'", CSP.NONCE], "style-src": ["'self'", CSP.NONCE],
    ...      "img-src": ["'self'"]})
    >>> relaxed["style-src"], relaxed["img-src"], relaxed["script-src"] == ["'self'", CSP.NONCE]
    (["'self'", "'unsafe-inline'"], ["'self'", 'blob:', 'data:'], True)
    """
    if not policy:
        return policy
    relaxed = dict(policy)
    styles = [source for source in policy.get("style-src", []) if source != CSP.NONCE]
    relaxed["style-src"] = list(dict.fromkeys([*styles, *ADMIN_RELAXATIONS["style-src"]]))
    images = list(policy.get("img-src", [CSP.SELF]))
    relaxed["img-src"] = list(dict.fromkeys([*images, *ADMIN_RELAXATIONS["img-src"]]))
    return relaxed


def content_security_policy_for_the_cms(view: View) -> View:
    """Send the admin's policy (enforced or report-only, as the site's is) on ``view``'s responses."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        response._csp_config = relaxed_for_the_cms(settings.SECURE_CSP)  # type: ignore[attr-defined]
        response._csp_ro_config = relaxed_for_the_cms(settings.SECURE_CSP_REPORT_ONLY)  # type: ignore[attr-defined]
        return response

    return wrapper
