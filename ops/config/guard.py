"""The production guard: a list of every unsafe or missing setting, so a deploy fails once, clearly.

Django's ``check --deploy`` only warns, and only when someone runs it.  A site
that must never run in production with DEBUG on or a guessable SECRET_KEY needs
the refusal at import time of the settings, in every process (web, worker,
scheduler, release), naming *all* problems at once rather than one per deploy.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ImproperlyConfigured

MIN_SECRET_KEY_LENGTH = 50
INSECURE_KEY_PREFIX = "django-insecure"


def secret_key_problems(secret_key: str | None) -> list[str]:
    """What is wrong with a production secret key, if anything.

    >>> secret_key_problems(None)
    ['SECRET_KEY is not set (set SECRET_KEY, or SECRET_KEY_FILE to a file holding it)']
    >>> secret_key_problems("short")
    ['SECRET_KEY is shorter than 50 characters']
    >>> secret_key_problems("n3ws-budg3t-" * 5)
    []
    """
    if not secret_key:
        return ["SECRET_KEY is not set (set SECRET_KEY, or SECRET_KEY_FILE to a file holding it)"]
    problems = []
    if secret_key.startswith(INSECURE_KEY_PREFIX):
        problems.append("SECRET_KEY is the insecure development key")
    if len(secret_key) < MIN_SECRET_KEY_LENGTH:
        problems.append(f"SECRET_KEY is shorter than {MIN_SECRET_KEY_LENGTH} characters")
    if len(set(secret_key)) < 5:
        problems.append("SECRET_KEY has fewer than 5 distinct characters")
    return problems


def allowed_hosts_problems(allowed_hosts: Sequence[str]) -> list[str]:
    """What is wrong with a production ALLOWED_HOSTS list, if anything.

    >>> allowed_hosts_problems([])
    ['ALLOWED_HOSTS is not set (a comma-separated list of the site host names)']
    >>> allowed_hosts_problems(["*"])
    ["ALLOWED_HOSTS must name the site's hosts, not '*'"]
    >>> allowed_hosts_problems(["news.example.org"])
    []
    """
    if not allowed_hosts:
        return ["ALLOWED_HOSTS is not set (a comma-separated list of the site host names)"]
    if "*" in allowed_hosts:
        return ["ALLOWED_HOSTS must name the site's hosts, not '*'"]
    return []


def flag_problems(settings: Mapping[str, Any]) -> list[str]:
    """Boolean and numeric settings that must hold in production."""
    problems = []
    if settings.get("DEBUG"):
        problems.append("DEBUG must be off")
    for name in ("SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"):
        if not settings.get(name):
            problems.append(f"{name} must be on (cookies only over HTTPS)")
    if not settings.get("SECURE_HSTS_SECONDS"):
        problems.append("SECURE_HSTS_SECONDS must be greater than 0")
    return problems


def production_problems(settings: Mapping[str, Any]) -> list[str]:
    """Every reason these settings are not fit for production; empty when they are."""
    return [
        *secret_key_problems(settings.get("SECRET_KEY")),
        *allowed_hosts_problems(settings.get("ALLOWED_HOSTS") or []),
        *flag_problems(settings),
    ]


def refuse_unsafe_settings(environment: str, settings: Mapping[str, Any]) -> None:
    """Raise ImproperlyConfigured listing every problem, or return quietly."""
    problems = production_problems(settings)
    if problems:
        listing = "\n".join(f"  - {problem}" for problem in problems)
        raise ImproperlyConfigured(
            f"NEWSBUDGET_ENV={environment} refuses to start with unsafe settings:\n{listing}"
        )
