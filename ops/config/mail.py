"""EMAIL_URL → a Django 6.1 ``MAILERS`` entry.

Django 6.1 replaces the EMAIL_* settings with ``MAILERS`` (alias → backend and
OPTIONS).  One URL is still the easiest thing to put in an environment, so this
translates it, accepting django-environ's scheme names too so existing
deployments keep working.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

BACKENDS = "django.core.mail.backends"
SMTP_SCHEMES = {"smtp": None, "smtp+tls": "use_tls", "smtps": "use_tls", "smtp+ssl": "use_ssl"}
LOCAL_SCHEMES = {
    "console": "console",
    "consolemail": "console",
    "locmem": "locmem",
    "memorymail": "locmem",
    "dummy": "dummy",
    "dummymail": "dummy",
}


def mailer_from_url(url: str, *, timeout: int) -> dict[str, Any]:
    """The MAILERS entry for ``url``.

    >>> mailer_from_url("smtp+tls://news%40example.org:s3cret@mail.example.org:587", timeout=10)
    ... # doctest: +NORMALIZE_WHITESPACE
    {'BACKEND': 'django.core.mail.backends.smtp.EmailBackend',
     'OPTIONS': {'host': 'mail.example.org', 'port': 587, 'username': 'news@example.org',
                 'password': 's3cret', 'timeout': 10, 'use_tls': True}}
    >>> mailer_from_url("console://", timeout=10)
    {'BACKEND': 'django.core.mail.backends.console.EmailBackend'}
    >>> mailer_from_url("file:///var/mail/outbox", timeout=10)["OPTIONS"]
    {'file_path': '/var/mail/outbox'}
    >>> mailer_from_url("carrier-pigeon://coop", timeout=10)
    Traceback (most recent call last):
    ...
    django.core.exceptions.ImproperlyConfigured: EMAIL_URL scheme 'carrier-pigeon' ...
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in LOCAL_SCHEMES:
        return {"BACKEND": f"{BACKENDS}.{LOCAL_SCHEMES[scheme]}.EmailBackend"}
    if scheme in ("file", "filemail"):
        if not parts.path:
            raise ImproperlyConfigured("EMAIL_URL file:// needs a directory path")
        return {
            "BACKEND": f"{BACKENDS}.filebased.EmailBackend",
            "OPTIONS": {"file_path": parts.path},
        }
    if scheme in SMTP_SCHEMES:
        return {"BACKEND": f"{BACKENDS}.smtp.EmailBackend", "OPTIONS": smtp_options(url, timeout)}
    known = ", ".join([*SMTP_SCHEMES, "console", "locmem", "dummy", "file"])
    raise ImproperlyConfigured(f"EMAIL_URL scheme {scheme!r} is not one of {known}")


def smtp_options(url: str, timeout: int) -> dict[str, Any]:
    parts = urlsplit(url)
    if not parts.hostname:
        raise ImproperlyConfigured("EMAIL_URL needs a host, e.g. smtp://user:pass@mail.example.org")
    try:
        port = parts.port
    except ValueError as error:
        raise ImproperlyConfigured(f"EMAIL_URL has an invalid port: {error}") from error
    options: dict[str, Any] = {"host": parts.hostname, "port": port}
    if parts.username:
        options["username"] = unquote(parts.username)
        options["password"] = unquote(parts.password or "")
    options["timeout"] = timeout
    security = SMTP_SCHEMES[parts.scheme.lower()]
    query = parse_qs(parts.query)
    if "ssl" in query:
        security = "use_ssl"
    if "tls" in query:
        security = "use_tls"
    if security:
        options[security] = True
    return {key: value for key, value in options.items() if value is not None}
