"""``SESSION_ENGINE = "ops.sessions.store"``: Django's database sessions, minus impossible keys.

Django issues session keys of 32 characters from ``[a-z0-9]`` but looks up
whatever the cookie holds once it is 8 characters long.  A cookie can hold a
NUL byte (``sessionid="aaaaaaaa\\000"`` is printable ASCII on the wire, and
the cookie parser unescapes it), and PostgreSQL answers a lookup of text with
a NUL byte with an error, not "no such session": every page that reads the
session would be a 500.  Here a key that Django could not have issued is
treated like a missing cookie: the visitor simply has no session, and no
query is made.
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib.sessions.backends import db

ISSUED_KEY = re.compile(r"[a-z0-9]{8,40}")
"""Keys this store could have issued (Django's are 32 characters; allow a little slack)."""


class SessionStore(db.SessionStore):
    def _validate_session_key(self, key: Any) -> bool:
        return isinstance(key, str) and ISSUED_KEY.fullmatch(key) is not None
