"""The one account page that is ours rather than django-allauth's."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse


def email_managed_by_admins(request: HttpRequest) -> HttpResponse:
    """allauth's "manage email addresses" page, switched off.

    A staff member's address is where password-reset links go, so only admins
    change it (in the Django admin); letting a session add an address would let
    whoever holds a stolen session reset the password.
    """
    raise Http404("Email addresses are managed by newsroom admins.")
