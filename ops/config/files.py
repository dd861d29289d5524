"""Directories the application alone may write to.

Caches that deserialise what they read (diskcache and Django's file and Redis
caches all use pickle) execute whatever a writer put there, so their
directories must be writable by the application user only (CVE-2025-69872 is
exactly this, for diskcache).  ``private_directory`` creates a directory with
mode 0700, or tightens an existing one, before any process uses it.
"""

from __future__ import annotations

import stat
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

PRIVATE_MODE = 0o700


def private_directory(path: Path | str, *, setting: str) -> Path:
    """Make ``path`` exist with mode 0700; refuse one the process cannot make private."""
    directory = Path(path)
    try:
        directory.mkdir(mode=PRIVATE_MODE, parents=True, exist_ok=True)
        if stat.S_IMODE(directory.stat().st_mode) & 0o077:
            directory.chmod(PRIVATE_MODE)
    except OSError as error:
        raise ImproperlyConfigured(
            f"{setting}: cannot make {directory} a private directory (mode 0700): {error}"
        ) from error
    return directory
