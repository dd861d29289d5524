"""The one interface every purge backend implements, and the error they raise.

A backend is told absolute URLs (``https://news.example.org/stories/x/``) and
either purges every one of them or raises ``PurgeError``: the caller (the
``purge_urls`` task) retries the whole list, which is safe because purging a
page twice is harmless.
"""

from __future__ import annotations

from abc import ABC, abstractmethod


class PurgeError(RuntimeError):
    """A purge did not (certainly) happen: the service refused, failed or did not answer."""


class PurgeBackend(ABC):
    """Drops pages from a shared cache.  Subclasses take their options as keyword arguments."""

    @abstractmethod
    def purge(self, urls: list[str]) -> None:
        """Purge each absolute URL in ``urls``; raise ``PurgeError`` if any was not purged."""
