"""Look a password up in a sorted file of SHA-1 hashes, the Have I Been Pwned download format.

Each line is ``HEX40:COUNT`` (``:COUNT`` optional), upper-case hex, sorted by
hash, with ``\\n`` or ``\\r\\n`` endings: exactly what the official
PwnedPasswordsDownloader writes as one file.  That file is over 30 GB, so it
is never loaded: the lookup binary-searches byte offsets, reading one short
line per step, about 35 reads for a billion lines, and the operating system's
page cache keeps the top of the search warm.  Written by hand because no
maintained library searches the offline file (the ones on PyPI call the
online range API, which this site must not depend on).

>>> import hashlib, tempfile
>>> lines = sorted(f"{hashlib.sha1(p.encode()).hexdigest().upper()}:{n}"
...                for p, n in [("hunter2", 17), ("letmein", 9)])
>>> with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
...     _ = f.write("\\r\\n".join(lines) + "\\r\\n")
>>> breach_count(f.name, "hunter2"), breach_count(f.name, "correct horse")
(17, 0)
"""

from __future__ import annotations

import hashlib
import os
import re
from typing import BinaryIO

HASH_LENGTH = 40
LINE = re.compile(rb"^[0-9A-F]{40}(:[0-9]+)?\r?$")


def sha1_hex(password: str) -> str:
    """The upper-case hex SHA-1 of ``password`` (UTF-8), as the HIBP files spell it."""
    return hashlib.sha1(password.encode("utf-8"), usedforsecurity=False).hexdigest().upper()


def breach_count(path: str | os.PathLike[str], password: str) -> int:
    """How often ``password`` was seen in breaches according to the file (0: never)."""
    return hash_count(path, sha1_hex(password))


def hash_count(path: str | os.PathLike[str], digest: str) -> int:
    """The count the sorted file at ``path`` records for the hex SHA-1 ``digest`` (0: absent)."""
    target = digest.upper().encode("ascii")
    with open(path, "rb") as file:
        size = file.seek(0, os.SEEK_END)
        low, high = 0, size
        # Find the first offset whose next line holds a hash >= target.
        while low < high:
            middle = (low + high) // 2
            line = line_from(file, middle)
            if not line or line[:HASH_LENGTH] >= target:
                high = middle
            else:
                low = middle + 1
        line = line_from(file, low)
    if line[:HASH_LENGTH] != target:
        return 0
    _, _, count = line.partition(b":")
    return int(count) if count.strip() else 1


def line_from(file: BinaryIO, offset: int) -> bytes:
    """The first whole line starting at or after ``offset``, without its line ending."""
    if offset == 0:
        file.seek(0)
    else:
        # Step back one byte: if ``offset`` starts a line, the previous byte is its "\n".
        file.seek(offset - 1)
        file.readline()
    return file.readline().rstrip(b"\r\n")


def looks_like_hash_file(path: str | os.PathLike[str], sample_lines: int = 3) -> str | None:
    """Why the file at ``path`` is not a usable hash file, or None if its first lines look right."""
    try:
        with open(path, "rb") as file:
            lines = [file.readline().rstrip(b"\n") for _ in range(sample_lines)]
    except OSError as error:
        return f"cannot be read ({error.strerror})"
    lines = [line for line in lines if line]
    if not lines:
        return "is empty"
    for line in lines:
        if not LINE.match(line):
            return f"has a line that is not HEX40:COUNT: {line[:60]!r}"
    hashes = [line[:HASH_LENGTH] for line in lines]
    if hashes != sorted(hashes):
        return "is not sorted by hash (download the file ordered by hash, not by count)"
    return None
