"""The private filesystem storage: files only the application reads, and nothing ever serves.

Django's ``FileSystemStorage`` answers ``url()`` with a path under
``MEDIA_URL`` even when its files live elsewhere, which would make a private
file look publishable.  ``PrivateFileSystemStorage`` has no URL at all: a
private file reaches a client only through a view that checked permission
first (``ops.storage.serving``).  Its files are readable by the application
user alone (0600 in 0700 directories), like the diskcache directory.
"""

from __future__ import annotations

from typing import Any

from django.core.files.storage import FileSystemStorage

FILE_MODE = 0o600
DIRECTORY_MODE = 0o700


class PrivateFileSystemStorage(FileSystemStorage):
    """A ``FileSystemStorage`` outside the served media, with private modes and no URLs."""

    def __init__(self, location: str, **options: Any) -> None:
        options.setdefault("file_permissions_mode", FILE_MODE)
        options.setdefault("directory_permissions_mode", DIRECTORY_MODE)
        super().__init__(location=location, base_url=None, **options)

    def url(self, name: str | None, *args: Any, **kwargs: Any) -> str:
        raise NotImplementedError(
            "private files have no URL; serve them through a view that checks permission "
            "(ops.storage.serving.private_download)"
        )
