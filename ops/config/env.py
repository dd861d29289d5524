"""A django-environ reader that fails loudly on values it cannot understand.

django-environ turns any unrecognised boolean ("ture", "enabled") into False and
lets ``int("abc")`` escape as a bare ValueError.  A typo in a deploy's
environment should stop the process with a message naming the variable, not
quietly switch a safety setting off, so :class:`StrictEnv` checks booleans
against an explicit vocabulary and wraps every cast error in
``ImproperlyConfigured``.  Like ``environ.FileAwareEnv`` it reads ``NAME_FILE``
(a path) in place of ``NAME``, so secrets can come from mounted files; the line
break that ends such a file (``echo`` writes one, and so do most secret stores)
is not part of the value, or a ``DATABASE_URL`` read from a file would name the
database ``"newsbudget\\n"``.
"""

from __future__ import annotations

import os
from typing import Any

import environ
from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", ""})


def parse_bool(name: str, raw: str) -> bool:
    """Turn an environment string into a bool, or refuse it.

    >>> parse_bool("DEBUG", "Yes")
    True
    >>> parse_bool("DEBUG", "0")
    False
    >>> parse_bool("DEBUG", "ture")
    Traceback (most recent call last):
    ...
    django.core.exceptions.ImproperlyConfigured: DEBUG must be one of ... got 'ture'
    """
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/true/yes/on or 0/false/no/off, got {raw!r}"
    )


class SecretFiles(environ.FileAwareMapping):
    """``environ.FileAwareMapping`` without the line break that ends a file."""

    def __getitem__(self, key: str) -> str:
        value: str = super().__getitem__(key)
        if self.env.get(key + "_FILE"):
            return value.rstrip("\r\n")
        return value


class StrictEnv(environ.FileAwareEnv):
    """``environ.FileAwareEnv`` that names the variable when a value is invalid."""

    ENVIRON = SecretFiles()

    def get_value(
        self,
        var: str,
        cast: Any = None,
        default: Any = environ.Env.NOTSET,
        parse_default: bool = False,
    ) -> Any:
        if cast is bool and var in self.ENVIRON:
            return parse_bool(var, self.ENVIRON[var])
        try:
            return super().get_value(var, cast=cast, default=default, parse_default=parse_default)
        except (ValueError, TypeError) as error:
            raise ImproperlyConfigured(
                f"{var} has an invalid value {self.ENVIRON.get(var)!r}: {error}"
            ) from error

    def is_set(self, var: str) -> bool:
        """True when ``var`` or ``var_FILE`` is present in the environment."""
        return var in self.ENVIRON


def positive_int_from_env(name: str, default: int) -> int:
    """A whole number above 0 from the environment, for the process launchers (gunicorn's config,
    the realtime server), which run before Django's settings and stop with a readable message.

    >>> import os
    >>> os.environ["NB_DOCTEST_WORKERS"] = "3"
    >>> positive_int_from_env("NB_DOCTEST_WORKERS", 2)
    3
    >>> os.environ["NB_DOCTEST_WORKERS"] = "three"
    >>> positive_int_from_env("NB_DOCTEST_WORKERS", 2)
    Traceback (most recent call last):
    SystemExit: NB_DOCTEST_WORKERS must be a whole number, got 'three'
    >>> del os.environ["NB_DOCTEST_WORKERS"]
    """
    raw = os.environ.get(name, str(default))
    try:
        value = int(raw)
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, got {raw!r}") from None
    if value <= 0:
        raise SystemExit(f"{name} must be greater than 0, got {value}")
    return value
