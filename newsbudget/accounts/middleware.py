"""Every signed-in account has two-factor authentication: those without are sent to enrol first.

Every account is newsroom staff (readers never sign in), so the rule has no
exceptions by role.  A session whose user has no TOTP authenticator carries
no identity anywhere but on the enrolment page and what it needs
(reauthentication, the 2FA overview, signing out): everywhere else the
request's user is anonymous, and the response is replaced by a redirect to
enrolment (a JSON 403 on the API).  So no page, admin action or API call can
act for an account that has not enrolled, whatever it does with the user.

The gate wraps ``request.user`` lazily instead of loading it: a request that
never asks who is signed in (a feed, a static file) costs no query, exactly
as before, and one that does reads ``User.has_2fa`` from the user row it loads
anyway (kept in step by newsbudget.accounts.twofactor), never the
authenticator table.  It must come right after AuthenticationMiddleware, so
every later middleware and view sees the gated user.

Requests authenticated by an API token or key carry no session: Django sees
an anonymous user here and DRF authenticates them later, so they pass
untouched; a token is a separate credential, issued by an admin
(docs/security.md).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.middleware import get_user
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import Resolver404, resolve, reverse
from django.utils.functional import SimpleLazyObject

from ops.throttle.responses import wants_json

ENROLMENT_VIEW = "mfa_activate_totp"
ALLOWED_WITHOUT_2FA = frozenset(
    {
        ENROLMENT_VIEW,
        "mfa_index",
        "mfa_deactivate_totp",  # only ever refuses (adapters.py); never a redirect loop
        "mfa_reauthenticate",
        "account_reauthenticate",
        "account_logout",
    }
)
REQUIRED = "two_factor_required"
"""Request attribute set when a session without 2FA asked for its user."""


class RequireTwoFactorMiddleware:
    """Hide who is signed in from everything but enrolment until they have an authenticator app."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.user = SimpleLazyObject(lambda: gate(request, get_user(request)))  # type: ignore[assignment]
        signed_in = request.auser

        async def gated_auser() -> Any:
            return gate(request, await signed_in())

        request.auser = gated_auser
        response = self.get_response(request)
        if getattr(request, REQUIRED, False):
            return enrolment_response(request)
        return response


def gate(request: HttpRequest, user: Any) -> Any:
    """``user``, or an anonymous user if they must enrol first (and mark the request)."""
    if not user.is_authenticated or getattr(user, "has_2fa", False) or allowed(request):
        return user
    setattr(request, REQUIRED, True)
    return AnonymousUser()


def allowed(request: HttpRequest) -> bool:
    """Whether the request is for enrolment or a page it needs (or a static file)."""
    if request.path.startswith(settings.STATIC_URL):
        return True
    match = request.resolver_match
    if match is None:  # asked by a middleware, before Django resolved the URL
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
    return match.view_name in ALLOWED_WITHOUT_2FA


def enrolment_response(request: HttpRequest) -> HttpResponse:
    enrol = reverse(ENROLMENT_VIEW)
    if wants_json(request):
        message = (
            "This account must set up two-factor authentication before it can use the API "
            f"with a browser session: enrol at {enrol}. API tokens and keys are not affected."
        )
        body = {"error": {"status": 403, "code": "two_factor_required", "message": message}}
        return JsonResponse(body, status=403)
    return HttpResponseRedirect(enrol)
