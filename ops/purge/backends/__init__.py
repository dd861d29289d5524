"""Purge backends, and loading the configured one from ``settings.PURGE``.

``settings.PURGE`` is ``{"BACKEND": "<dotted path>", "OPTIONS": {...}}``, in
the idiom of ``CACHES`` and ``STORAGES``: the class is imported with
``import_string`` and built with the options as keyword arguments, so a
project can plug in its own ``PurgeBackend`` by path.  Without the setting,
nothing is purged (``NullPurge``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from ops.purge.backends.base import PurgeBackend

NULL_BACKEND = "ops.purge.backends.null.NullPurge"
SHORT_NAMES = {
    "none": NULL_BACKEND,
    "nginx": "ops.purge.backends.nginx.NginxPurge",
    "cloudflare": "ops.purge.backends.cloudflare.CloudflarePurge",
    "fastly": "ops.purge.backends.fastly.FastlyPurge",
}


def configured() -> dict[str, Any]:
    return getattr(settings, "PURGE", {"BACKEND": NULL_BACKEND})


def purge_enabled() -> bool:
    """Whether a backend other than ``NullPurge`` is configured (else nothing is enqueued)."""
    return configured()["BACKEND"] != NULL_BACKEND


def load_backend() -> PurgeBackend:
    """The configured backend, built from its options; ImproperlyConfigured if it cannot be."""
    config = configured()
    path = config["BACKEND"]
    try:
        backend_class = import_string(path)
    except ImportError as error:
        raise ImproperlyConfigured(f"PURGE backend {path!r} cannot be imported: {error}") from error
    if not (isinstance(backend_class, type) and issubclass(backend_class, PurgeBackend)):
        raise ImproperlyConfigured(f"PURGE backend {path!r} is not a PurgeBackend subclass")
    try:
        return backend_class(**config.get("OPTIONS", {}))
    except TypeError as error:
        raise ImproperlyConfigured(
            f"PURGE backend {path!r} rejected its OPTIONS: {error}"
        ) from error
