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

import functools
import re
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Shape:
    """A secret's shape, and the plain substrings (lower case) without which it cannot match.

    Most strings hold no secret; looking for the hints first (``in`` on the
    lower-cased text) costs a fraction of a microsecond, where running every
    pattern over a 100-character user agent cost tens.
    """

    pattern: re.Pattern[str]
    replacement: str
    hints: tuple[str, ...]
    also: str = ""
    """A second substring the text must hold as well (``@`` with ``://``)."""

    def may_match(self, lowered: str) -> bool:
        if self.also and self.also not in lowered:
            return False
        return any(hint in lowered for hint in self.hints)


SECRET_SHAPES: tuple[Shape, ...] = (
    # scheme://user:password@host → keep the user, mask the password.
    Shape(
        re.compile(r"(\b[a-z][a-z0-9+.-]*://[^:/@\s]*:)[^@\s/]+@", re.IGNORECASE),
        rf"\1{MASK}@",
        ("://",),
        also="@",
    ),
    # Authorization header values.
    Shape(
        re.compile(r"\b(Bearer|Token|Api-Key|Basic|Digest)(\s+)[A-Za-z0-9._~+/=-]{6,}", re.I),
        rf"\1\2{MASK}",
        ("bearer", "token", "api-key", "basic", "digest"),
    ),
    # Our partner API keys: the public prefix names the key, the rest is the secret.
    Shape(
        re.compile(r"\b([a-z]{2,8}_[0-9a-f]{8})_[A-Za-z0-9_-]{43}\b"),
        rf"\1_{MASK}",
        ("_",),
    ),
    # Cookies that are credentials.
    Shape(
        re.compile(r"\b(sessionid|csrftoken|csrfmiddlewaretoken|messages)=[^;&\s\"']+", re.I),
        rf"\1={MASK}",
        ("sessionid=", "csrf", "messages="),
    ),
    # Query parameters and form fields that hold secrets.
    Shape(
        re.compile(
            r"([?&;\s](?:[\w-]*(?:token|key|password|secret|signature|sig|code|auth)[\w-]*)=)"
            r"[^&;\s\"']+",
            re.IGNORECASE,
        ),
        rf"\1{MASK}",
        ("=",),
    ),
    # password: hunter2 / "password": "hunter2" in free text.
    Shape(
        re.compile(r"((?:password|passwd|secret)[\"']?\s*[:=]\s*[\"']?)[^\s\"',;&}]+", re.I),
        rf"\1{MASK}",
        ("password", "passwd", "secret"),
    ),
)
ANY_HINT = re.compile(
    r"://|bearer|token|api-key|basic|digest|_[0-9a-f]{8}_|sessionid=|csrf|messages=|="
    r"|password|passwd|secret"
)
"""Every shape's hints in one search of the lower-cased text: the common case, no secret, in
about a microsecond."""
SAFE_FIELDS = frozenset({"timestamp", "level", "logger", "request_id", "task_id", "task_name"})
"""Fields only our own code fills, with values that cannot hold a secret: not scanned."""
PRE_REDACTED = "_redacted"
"""An event carrying this key (true) was built from values already masked: skip it."""


@functools.lru_cache(maxsize=1024)
def is_secret_name(name: str) -> bool:
    """Whether a field called ``name`` holds a secret.

    >>> [is_secret_name(n) for n in ("api_key", "HTTP_COOKIE", "key", "author", "cache_hits")]
    [True, True, True, False, False]
    """
    lowered = name.lower()
    return lowered in SECRET_NAMES or any(part in lowered for part in SECRET_NAME_PARTS)


def redact_text(text: str) -> str:
    """``text`` with every secret-shaped part masked."""
    lowered = text.lower()
    if ANY_HINT.search(lowered) is None:
        return text
    for shape in SECRET_SHAPES:
        if shape.may_match(lowered):
            text = shape.pattern.sub(shape.replacement, text)
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
    """structlog processor: mask secrets in every field of the event, whoever logged it.

    An event marked ``PRE_REDACTED`` by code that masked its values itself (the
    request line, written for every request) is passed through unscanned.
    """
    if event_dict.pop(PRE_REDACTED, False):
        return event_dict
    for key in list(event_dict):
        if key.startswith("_") or key in SAFE_FIELDS:
            continue  # structlog's bookkeeping (the LogRecord, the formatter), or our own
        if is_secret_name(key):
            event_dict[key] = MASK
        else:
            event_dict[key] = redact_value(event_dict[key])
    return event_dict
