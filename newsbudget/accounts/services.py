"""Admin actions on staff accounts: reset someone's two-factor authentication, unlock a sign-in.

The Django admin's actions and any command call these, so each recovery path
does the same thing and leaves the same trail in the log.
"""

from __future__ import annotations

import logging

from allauth.mfa.models import Authenticator
from axes.utils import reset as reset_lockouts
from django.db import transaction

from newsbudget.accounts.models import User

logger = logging.getLogger(__name__)


@transaction.atomic
def reset_two_factor(*, user: User, by: User | None = None) -> int:
    """Delete every authenticator of ``user`` (TOTP and recovery codes); returns how many.

    For a staff member who lost their phone and their recovery codes.  On their
    next request after signing in with their password they are sent to enrol a
    new authenticator app, so they are never left without two factors.
    """
    deleted = 0
    for authenticator in Authenticator.objects.filter(user=user):
        authenticator.delete()  # one by one, so the 2FA flag follows (twofactor.py)
        deleted += 1
    logger.warning(
        "Two-factor authentication reset for %s by %s (%d authenticators deleted)",
        user.username,
        by.username if by else "a command",
        deleted,
    )
    return deleted


def unlock_sign_in(*, username: str) -> int:
    """Forget the failed sign-ins recorded for ``username`` from every address; returns how many."""
    username = username.strip().lower()
    if not username:
        raise ValueError("A username is required (an empty one would unlock everyone)")
    cleared = reset_lockouts(username=username)
    logger.warning("Sign-in lockouts cleared for %s (%d records)", username, cleared)
    return int(cleared)
