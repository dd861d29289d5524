"""Token authentication that refuses impossible keys before they reach the database.

DRF's ``TokenAuthentication`` looks any key up as given.  PostgreSQL answers a
key containing a NUL byte with an error rather than "no such row", which would
turn a garbage header into a 500; a key that could never have been issued
(tokens are 40 hexadecimal characters) is refused here as an invalid token.
"""

from __future__ import annotations

import re
from typing import Any

from rest_framework import authentication, exceptions

TOKEN_KEY = re.compile(r"[0-9a-fA-F]{40}")


class TokenAuthentication(authentication.TokenAuthentication):
    """``Authorization: Token <40 hex characters>``."""

    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        if not TOKEN_KEY.fullmatch(key):
            raise exceptions.AuthenticationFailed("Invalid token.")
        return super().authenticate_credentials(key)
