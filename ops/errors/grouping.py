"""How occurrences are grouped: the exception's type and the place in *our* code it came from.

The place is the innermost frame whose file belongs to the project (not a
library, not the standard library): a database error raised deep inside
Django is grouped by the view or task line that made the query, which is
where someone will fix it.  The line number is left out of the fingerprint
so that an unrelated edit above the failing line does not start a new group
after every deploy; the location shown to people does include it.
"""

from __future__ import annotations

import hashlib
import traceback
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from django.conf import settings

LIBRARY_MARKERS = ("site-packages", "dist-packages", "/lib/python")


@dataclass(frozen=True)
class Origin:
    exception_type: str
    path: str
    function: str
    line: int

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line} in {self.function}"

    @property
    def fingerprint(self) -> str:
        key = f"{self.exception_type}|{self.path}|{self.function}"
        return hashlib.sha256(key.encode()).hexdigest()


def qualified_name(exception_type: type[BaseException]) -> str:
    module = exception_type.__module__
    name = exception_type.__qualname__
    return name if module == "builtins" else f"{module}.{name}"


def project_relative(filename: str) -> str | None:
    """``filename`` relative to the project, or None if it is library or interpreter code."""
    if any(marker in filename for marker in LIBRARY_MARKERS):
        return None
    try:
        return str(Path(filename).resolve().relative_to(Path(settings.BASE_DIR).resolve()))
    except ValueError:
        return None


def origin_of(exception: BaseException, tb: TracebackType | None) -> Origin:
    """Where ``exception`` came from, by the rule in the module docstring."""
    frames = traceback.extract_tb(tb) if tb is not None else []
    chosen = None
    for frame in reversed(frames):
        relative = project_relative(frame.filename)
        if relative is not None:
            chosen = (relative, frame.name, frame.lineno or 0)
            break
    if chosen is None and frames:
        last = frames[-1]
        chosen = (Path(last.filename).name, last.name, last.lineno or 0)
    path, function, line = chosen or ("?", "?", 0)
    return Origin(qualified_name(type(exception)), path, function, line)
