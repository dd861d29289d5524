"""What an API key looks like, how one is made, and the only form in which it is stored.

A key is ``<label>_<8 hex>_<43 url-safe characters>``, for example
``nbk_3f9a2c1d_Jx0…`` (56 characters with the label ``nbk``):

- the label makes a leaked key recognisable (to a person, or a secret
  scanner's pattern);
- ``<label>_<8 hex>`` is the key's public **prefix**, stored in clear so the
  admin, the logs and the partner can name a key without holding it;
- the rest is 256 random bits from ``secrets``.

The database holds only the SHA-256 of the whole key.  A fast hash is the
right one here, unlike for passwords: slow hashes (PBKDF2, argon2) exist
because people choose guessable passwords, so each guess must be made
expensive.  A key has 256 bits of entropy that nobody chose; a stolen table
of SHA-256 digests gives no better attack than guessing keys at random, which
no amount of hashing speed makes feasible.  A slow hash would only add tens
of milliseconds to every API request.  And because the digest is computed,
not compared against a per-row salt, a key is found with one indexed query.

Anything that does not have exactly this shape is refused before any query
(``well_formed``): no NUL byte, non-ASCII text or megabyte header ever reaches
the database.
"""

from __future__ import annotations

import hashlib
import re
import secrets

KEY = re.compile(r"(?P<prefix>[a-z]{2,8}_[0-9a-f]{8})_[A-Za-z0-9_-]{43}")
LABEL = re.compile(r"[a-z]{2,8}")
SECRET_BYTES = 32
PREFIX_BYTES = 4
MAX_KEY_LENGTH = 8 + 1 + 2 * PREFIX_BYTES + 1 + 43


def new_key(label: str) -> tuple[str, str]:
    """A fresh ``(prefix, key)``; the key exists only in what this returns.

    >>> prefix, key = new_key("nbk")
    >>> key.startswith(prefix + "_"), len(prefix), len(key), well_formed(key)
    (True, 12, 56, True)
    """
    if not LABEL.fullmatch(label):
        raise ValueError(f"An API key label is 2 to 8 lowercase letters, got {label!r}")
    prefix = f"{label}_{secrets.token_hex(PREFIX_BYTES)}"
    return prefix, f"{prefix}_{secrets.token_urlsafe(SECRET_BYTES)}"


def well_formed(text: str) -> bool:
    """Whether ``text`` could be a key this module made (checked without the database).

    >>> well_formed("nbk_3f9a2c1d_" + "A" * 43)
    True
    >>> well_formed("nbk_3f9a2c1d_" + "A" * 42 + "\\x00"), well_formed("nbk_3F9A2C1D_" + "A" * 43)
    (False, False)
    """
    return len(text) <= MAX_KEY_LENGTH and KEY.fullmatch(text) is not None


def digest(key: str) -> str:
    """The SHA-256 of ``key`` in hex: what the database stores and looks keys up by."""
    return hashlib.sha256(key.encode("ascii")).hexdigest()


def prefix_of(key: str) -> str:
    """The public prefix of a well-formed key.

    >>> prefix_of("nbk_3f9a2c1d_" + "A" * 43)
    'nbk_3f9a2c1d'
    """
    match = KEY.fullmatch(key)
    if match is None:
        raise ValueError("Not an API key")
    return match["prefix"]
