"""Which release of the code is running: ``RELEASE``, a ``REVISION`` file, or the git revision.

The release goes into every ETag (a deploy that changes a template must not
answer 304 for pages rendered by the old one), the ``X-Release`` response
header and error reports.  A release directory built by the deploy tool
(deploy/releases.py) is not a git checkout: it carries its revision in a
``REVISION`` file instead.  Reading ``.git`` directly avoids running a
``git`` process in every worker.
"""

from __future__ import annotations

from pathlib import Path


REVISION_FILE = "REVISION"


def code_revision(base_dir: Path) -> str | None:
    """The revision of the code in ``base_dir``: its ``REVISION`` file, else its git ``HEAD``."""
    try:
        written = (base_dir / REVISION_FILE).read_text().strip()
    except OSError:
        written = ""
    return written or git_revision(base_dir)


def git_revision(repository: Path) -> str | None:
    """The commit ``HEAD`` points at, or None outside a git checkout."""
    git_dir = repository / ".git"
    try:
        head = (git_dir / "HEAD").read_text().strip()
    except OSError:
        return None
    if not head.startswith("ref: "):
        return head or None
    ref = head.removeprefix("ref: ")
    loose = git_dir / ref
    if loose.exists():
        return loose.read_text().strip() or None
    return packed_ref(git_dir, ref)


def packed_ref(git_dir: Path, ref: str) -> str | None:
    try:
        lines = (git_dir / "packed-refs").read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        sha, _, name = line.partition(" ")
        if name == ref:
            return sha
    return None
