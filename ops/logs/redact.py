"""Keep secrets out of every log line: by the name of a field, and by the shape of a value.

A log line is read by more people, and kept longer and in more places, than
the database: anything that would let its reader act as someone (a password,
a session id, an API key or token, a signed reset link, a URL with a password
in it) must never be written, whoever wrote the line — our code, Django, a
library, or an exception message.  Two nets, both applied by the processor
that runs last before a line is rendered:

- a field whose **name** says it holds a secret (``password``, ``token``,
  ``cookie``, ``authorization``…) is replaced whole;
- inside every string (the message, a traceback, a header someone logged),
  **shapes** that are secrets are masked: ``scheme://user:password@host``,
  ``Bearer …`` / ``Token …`` / ``Api-Key …`` credentials, our API keys
  (``nbk_<prefix>_<secret>``, whose public prefix is kept), session and CSRF
  cookies, and secret-looking query parameters.

>>> redact_text("GET /x?page=2&token=abc123 from postgres://app:hunter2@db/news")
'GET /x?page=2&token=[redacted] from postgres://app:[redacted]@db/news'
>>> redact_event(None, "info", {"event": "login", "password": "hunter2", "user_id": 7})
{'event': 'login', 'password': '[redacted]', 'user_id': 7}
"""

from __future__ import annotations

import re
from collections.abc import Mapping, MutableMapping
from typing import Any

MASK = "[redacted]"
MAX_DEPTH = 6

SECRET_NAME_PARTS = (
    "password",
    "passwd",
    "secret",
    "token",
    "api_key",
    "apikey",
    "authorization",
    "cookie",
    "session",
    "csrf",
    "signature",
    "credential",
    "private_key",
    "dsn",
)
SECRET_NAMES = frozenset({"key", "pass", "pwd", "auth", "sig"})

SECRET_SHAPES: tuple[tuple[re.Pattern[str], str], ...] = (
    # scheme://user:password@host → keep the user, mask the password.
    (re.compile(r"(\b[a-z][a-z0-9+.-]*://[^:/@\s]*:)[^@\s/]+@", re.IGNORECASE), rf"\1{MASK}@"),
    # Authorization header values.
    (
        re.compile(r"\b(Bearer|Token|Api-Key|Basic|Digest)(\s+)[A-Za-z0-9._~+/=-]{6,}", re.I),
        rf"\1\2{MASK}",
    ),
    # Our partner API keys: the public prefix names the key, the rest is the secret.
    (re.compile(r"\b([a-z]{2,8}_[0-9a-f]{8})_[A-Za-z0-9_-]{43}\b"), rf"\1_{MASK}"),
    # Cookies that are credentials.
    (
        re.compile(r"\b(sessionid|csrftoken|csrfmiddlewaretoken|messages)=[^;&\s\"']+", re.I),
        rf"\1={MASK}",
    ),
    # Query parameters and form fields that hold secrets.
    (
        re.compile(
            r"([?&;\s](?:[\w-]*(?:token|key|password|secret|signature|sig|code|auth)[\w-]*)=)"
            r"[^&;\s\"']+",
            re.IGNORECASE,
        ),
        rf"\1{MASK}",
    ),
    # password: hunter2 / "password": "hunter2" in free text.
    (
        re.compile(r"((?:password|passwd|secret)[\"']?\s*[:=]\s*[\"']?)[^\s\"',;&}]+", re.I),
        rf"\1{MASK}",
    ),
)


def is_secret_name(name: str) -> bool:
    """Whether a field called ``name`` holds a secret.

    >>> [is_secret_name(n) for n in ("api_key", "HTTP_COOKIE", "key", "author", "cache_hits")]
    [True, True, True, False, False]
    """
    lowered = name.lower()
    return lowered in SECRET_NAMES or any(part in lowered for part in SECRET_NAME_PARTS)


def redact_text(text: str) -> str:
    """``text`` with every secret-shaped part masked."""
    for pattern, replacement in SECRET_SHAPES:
        text = pattern.sub(replacement, text)
    return text


def redact_value(value: Any, depth: int = 0) -> Any:
    """A copy of ``value`` with secrets masked in strings and secret-named keys of mappings."""
    if isinstance(value, str):
        return redact_text(value)
    if depth >= MAX_DEPTH:
        return value
    if isinstance(value, Mapping):
        return {
            key: MASK
            if isinstance(key, str) and is_secret_name(key)
            else redact_value(item, depth + 1)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [redact_value(item, depth + 1) for item in value]
    return value


def redact_event(logger: Any, method_name: str, event_dict: MutableMapping[str, Any]) -> Any:
    """structlog processor: mask secrets in every field of the event, whoever logged it."""
    for key in list(event_dict):
        if key.startswith("_"):
            continue  # structlog's own bookkeeping (the LogRecord, the formatter)
        if is_secret_name(key):
            event_dict[key] = MASK
        else:
            event_dict[key] = redact_value(event_dict[key])
    return event_dict
