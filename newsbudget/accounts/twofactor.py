"""Which accounts have two-factor authentication, kept on the user row so no request pays for it.

allauth stores authenticators (TOTP, recovery codes) in their own table;
asking it "does this user have 2FA?" is a query.  The enrolment middleware
asks on every request, so the answer is denormalised into ``User.has_2fa``,
which arrives with the user row the request loads anyway.  These receivers keep
it in step whenever a TOTP authenticator is saved or deleted, whoever does it:
allauth's enrolment page, the Django admin, ``reset_two_factor`` or a cascade.
Bulk writes that bypass model signals (``bulk_create``, ``QuerySet.update``)
must set the flag themselves.
"""

from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator
from django.db.models.signals import post_delete, post_save

from newsbudget.accounts.models import User

TOTP = Authenticator.Type.TOTP


def authenticator_saved(
    sender: type[Authenticator], instance: Authenticator, created: bool, **kwargs: Any
) -> None:
    # Only a new one: each sign-in saves the authenticator again (its last_used_at).
    if created and instance.type == TOTP:
        record_two_factor(instance, enrolled=True)


def authenticator_deleted(
    sender: type[Authenticator], instance: Authenticator, **kwargs: Any
) -> None:
    if instance.type == TOTP:
        # A user has at most one TOTP authenticator (allauth's unique constraint).
        record_two_factor(instance, enrolled=False)


def record_two_factor(authenticator: Authenticator, *, enrolled: bool) -> None:
    """Set the owner's ``has_2fa`` in the database, and on the loaded owner if there is one."""
    User.objects.filter(pk=authenticator.user_id).update(has_2fa=enrolled)
    if Authenticator.user.is_cached(authenticator):
        authenticator.user.has_2fa = enrolled


def connect() -> None:
    """Wire the receivers; called once from the accounts app's ``ready``."""
    post_save.connect(authenticator_saved, sender=Authenticator, dispatch_uid="accounts-2fa-save")
    post_delete.connect(
        authenticator_deleted, sender=Authenticator, dispatch_uid="accounts-2fa-delete"
    )
