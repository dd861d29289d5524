"""django-allauth adapters for a newsroom where every account is staff, created by an admin.

- Signup is closed: the signup page answers 403 (``is_open_for_signup``).
- Failed passwords are counted by django-axes per username *and* network
  (newsbudget.accounts.lockout), so allauth's own per-username counter, which
  would let anyone lock a reporter out from everywhere with five bad guesses,
  is not consumed.  allauth still limits wrong TOTP codes per account.
- Client addresses come from ``ops.throttle.clientip``, the one place that
  knows how many proxies to trust, instead of allauth's own header parsing.
- A sign-in in the last ``ACCOUNT_REAUTHENTICATION_TIMEOUT`` seconds counts as
  a reauthentication, so enrolment right after signing in does not ask for the
  password a second time; later, changing 2FA settings asks again.
- A TOTP authenticator cannot be deactivated by its owner: every account must
  keep one.  A lost phone is handled by recovery codes or an admin's reset
  (docs/operations.md).
"""

from __future__ import annotations

import time
from typing import Any

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.http import HttpRequest
from django.shortcuts import render

from ops.throttle.clientip import client_ip


class StaffAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Returning False would render the "signup closed" page with a 200; say 403 instead.
        raise ImmediateHttpResponse(render(request, "account/signup_closed.html", status=403))

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        """Leave failed-password counting to django-axes (see the module docstring)."""

    def get_client_ip(self, request: HttpRequest) -> str:
        return client_ip(request)

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        if not super().is_reauthentication_required(app=app, **kwargs):
            return False
        request = context.request
        steps = get_authentication_records(request, request.user)
        timeout = account_settings.REAUTHENTICATION_TIMEOUT
        return not (steps and time.time() - steps[-1]["at"] < timeout)


class StaffMFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        return bool(authenticator.type != Authenticator.Type.TOTP)
