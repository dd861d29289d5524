"""The default backend: there is no upstream cache to purge (the embedded, one-machine set-up)."""

from __future__ import annotations

from ops.purge.backends.base import PurgeBackend


class NullPurge(PurgeBackend):
    """Purges nothing.  With it configured, nothing is even enqueued (see ``purge_enabled``)."""

    def __init__(self, *, timeout: float = 0) -> None:
        pass

    def purge(self, urls: list[str]) -> None:
        return None
