"""System check: a site that validates against a breached-password file must be able to read it.

Runs with ``manage.py check`` (and so before ``migrate``, ``runserver`` and the
release step), so a wrong ``BREACHED_PASSWORDS_FILE`` stops a deploy instead of
refusing every password change later.
"""

from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.core.checks import CheckMessage, Error, register

from ops.passwords.breached import looks_like_hash_file
from ops.passwords.validators import configured_file

VALIDATOR = "ops.passwords.validators.BreachedPasswordValidator"


@register()
def breached_password_file_is_usable(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    for entry in cast(list[dict[str, Any]], settings.AUTH_PASSWORD_VALIDATORS):
        if entry.get("NAME") != VALIDATOR:
            continue
        path = entry.get("OPTIONS", {}).get("path") or configured_file()
        problem = looks_like_hash_file(path)
        if problem:
            errors.append(
                Error(
                    f"The breached-password file {path} {problem}.",
                    hint="Set BREACHED_PASSWORDS_FILE to a sorted SHA-1 file in the Have I "
                    "Been Pwned format (HEX40:COUNT per line), or unset it to use the bundled "
                    "list; see docs/security.md.",
                    id="passwords.E001",
                )
            )
    return errors
