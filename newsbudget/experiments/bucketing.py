"""Which headline a reader sees: a random first-party reader id, hashed with the test id.

A reader gets one random id (``READER_COOKIE``, set on the first assignment
beacon's private response, never on a cached page).  The variant of test
``t`` for reader ``r`` is ``sha256("t:r")`` read as a number, modulo the
number of variants: the same reader sees the same headline of a test on every
page and every visit, different tests split readers independently, and
nothing is stored per reader.  The assignment runs on the server only (the
beacon), so the front page's script never needs a copy of the hash.
"""

from __future__ import annotations

import hashlib
import re
import secrets

READER_COOKIE = "nb_reader"
READER_COOKIE_MAX_AGE = 180 * 86400
READER_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def new_reader_id() -> str:
    """A fresh random reader id (22 URL-safe characters, 128 bits)."""
    return secrets.token_urlsafe(16)


def valid_reader_id(value: str | None) -> str | None:
    """``value`` if it is a reader id this site could have issued, else None.

    >>> valid_reader_id("abcdefghijklmnopqrstuv"), valid_reader_id("x; y=1"), valid_reader_id(None)
    ('abcdefghijklmnopqrstuv', None, None)
    """
    if value and READER_ID.match(value):
        return value
    return None


def variant_for(*, reader_id: str, test_id: int, variants: int) -> int:
    """The variant (0 is the original headline) that ``reader_id`` sees in test ``test_id``.

    >>> [variant_for(reader_id="abcdefghijklmnopqrstuv", test_id=t, variants=4) for t in (1, 3, 4)]
    [3, 2, 0]
    """
    if variants < 1:
        raise ValueError("A test has at least one variant")
    digest = hashlib.sha256(f"{test_id}:{reader_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % variants
