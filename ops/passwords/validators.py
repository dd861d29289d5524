"""``BreachedPasswordValidator``: refuse passwords that appear in a breached-password file.

Configured in ``AUTH_PASSWORD_VALIDATORS`` like Django's own validators, so it
applies wherever Django validates a password: the admin's user forms,
``manage.py changepassword`` and ``createsuperuser``, and django-allauth's
password change and reset forms.  The file is ``BREACHED_PASSWORDS_FILE`` (or
the ``path`` option): the small list bundled in ``ops/passwords/data`` by
default, or the full Have I Been Pwned download (see docs/security.md).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ops.passwords.breached import breach_count

logger = logging.getLogger(__name__)

BUNDLED_FILE = Path(__file__).resolve().parent / "data" / "breached-sha1.txt"


def configured_file() -> Path:
    """The breached-password file the site uses: ``BREACHED_PASSWORDS_FILE`` or the bundled one."""
    return Path(getattr(settings, "BREACHED_PASSWORDS_FILE", "") or BUNDLED_FILE)


class BreachedPasswordValidator:
    """Refuse a password seen at least ``min_count`` times in the breached-password file."""

    def __init__(self, path: str | None = None, min_count: int = 1) -> None:
        self.path = Path(path) if path else None
        self.min_count = min_count

    def validate(self, password: str, user: Any = None) -> None:
        path = self.path or configured_file()
        try:
            count = breach_count(path, password)
        except OSError:
            # Fail closed: a password we could not check is not accepted as safe.
            logger.exception("The breached-password file %s cannot be read", path)
            raise ValidationError(
                _("Passwords cannot be checked against known breaches right now; try again later."),
                code="password_breach_check_unavailable",
            ) from None
        if count >= self.min_count:
            raise ValidationError(
                ngettext(
                    "This password has appeared in a data breach, so attackers try it "
                    "first. Choose a different password.",
                    "This password has appeared in data breaches %(count)d times, so "
                    "attackers try it first. Choose a different password.",
                    count,
                ),
                code="password_breached",
                params={"count": count},
            )

    def get_help_text(self) -> str:
        return _("Your password can’t be one that has appeared in a known data breach.")
