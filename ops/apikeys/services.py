"""Issuing, finding and revoking keys: the one place a key exists in full, and the one lookup.

Admin actions and management commands call these; nothing else writes keys.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from ops.apikeys import conf, keys
from ops.apikeys.models import APIKey

logger = logging.getLogger(__name__)

PREFIX_ATTEMPTS = 5
"""A new prefix is random (32 bits); on the rare clash with an existing one, draw again."""


class KeyRefused(Exception):
    """The presented key cannot be used; ``message`` says why, for the 401."""

    def __init__(self, message: str, *, prefix: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.prefix = prefix


@dataclass(frozen=True)
class IssuedKey:
    """A saved key and its full text, which must be shown once and then forgotten."""

    key: APIKey
    secret: str


def issue_key(
    *,
    partner: str,
    contact_email: str = "",
    created_by: Any = None,
    expires_at: datetime.datetime | None = None,
    daily_quota: int | None = None,
    monthly_quota: int | None = None,
    rate: str = "",
) -> IssuedKey:
    """Issue a key to ``partner``; raises ``ValidationError`` for bad fields."""
    key = APIKey(
        partner=partner,
        contact_email=contact_email,
        expires_at=expires_at,
        daily_quota=daily_quota,
        monthly_quota=monthly_quota,
        rate=rate,
    )
    return save_new_key(key=key, created_by=created_by)


def save_new_key(*, key: APIKey, created_by: Any = None) -> IssuedKey:
    """Give an unsaved ``key`` its secret, store only the digest, and return the secret once."""
    key.created_by = created_by
    key.full_clean(exclude=["prefix", "hashed_key"], validate_unique=False)
    for _ in range(PREFIX_ATTEMPTS):
        prefix, secret = keys.new_key(conf.label())
        key.prefix, key.hashed_key = prefix, keys.digest(secret)
        try:
            with transaction.atomic():
                key.save(force_insert=True)
        except IntegrityError:
            key.pk = None
            continue
        logger.info("Issued API key %s to %s", key.prefix, key.partner)
        return IssuedKey(key=key, secret=secret)
    raise RuntimeError(f"No free API key prefix after {PREFIX_ATTEMPTS} attempts")


def revoke_key(*, key: APIKey, now: datetime.datetime | None = None) -> bool:
    """Revoke ``key`` from now on; False if it was already revoked (its date is kept)."""
    now = now or timezone.now()
    revoked = APIKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(revoked_at=now)
    key.refresh_from_db(fields=["revoked_at"])
    if revoked:
        logger.info("Revoked API key %s (%s)", key.prefix, key.partner)
    return bool(revoked)


def find_key(text: str, *, now: datetime.datetime) -> APIKey:
    """The usable key ``text`` is; ``KeyRefused`` otherwise.

    A malformed key is refused without a query; a well-formed one costs
    exactly one (by digest, on a unique index).
    """
    if not keys.well_formed(text):
        raise KeyRefused("Malformed API key: send the key exactly as it was issued.")
    try:
        key = APIKey.objects.get(hashed_key=keys.digest(text))
    except APIKey.DoesNotExist:
        raise KeyRefused("Unknown API key.") from None
    if key.revoked_at is not None:
        raise KeyRefused(
            f"This API key was revoked on {key.revoked_at:%Y-%m-%d}; ask for a new one.",
            prefix=key.prefix,
        )
    if key.expires_at is not None and key.expires_at <= now:
        raise KeyRefused(
            f"This API key expired on {key.expires_at:%Y-%m-%d}; ask for a new one.",
            prefix=key.prefix,
        )
    return key
