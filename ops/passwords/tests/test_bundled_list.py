"""The bundled list is a valid HIBP-format file made from two breach corpora, and rebuildable."""

from __future__ import annotations

from pathlib import Path

import pytest

from ops.passwords.breached import breach_count, looks_like_hash_file
from ops.passwords.build import hash_lines, write_hash_file, zxcvbn_passwords
from ops.passwords.validators import BUNDLED_FILE


def test_the_bundled_file_is_sorted_and_well_formed() -> None:
    lines = BUNDLED_FILE.read_text().splitlines()

    assert looks_like_hash_file(BUNDLED_FILE) is None
    assert lines == sorted(set(lines))
    assert len(lines) > 35_000


@pytest.mark.parametrize(
    "password",
    [
        "password",  # in both corpora
        "iseedeadpeople",  # zxcvbn's list only (not in Django's common passwords)
        "qwertyuiop123",  # Django's list
    ],
)
def test_the_bundled_file_holds_passwords_from_the_breach_corpora(password: str) -> None:
    assert breach_count(BUNDLED_FILE, password) == 1


def test_the_bundled_file_is_exactly_what_the_build_writes_from_djangos_list_and_zxcvbn(
    tmp_path: Path,
) -> None:
    from ops.passwords.build import django_common_passwords

    djangos = set(hash_lines(django_common_passwords()))
    bundled = set(BUNDLED_FILE.read_text().splitlines())

    assert djangos <= bundled
    assert write_hash_file(["b", "a", "a"], tmp_path / "out.txt") == 2
    assert (tmp_path / "out.txt").read_text() == "".join(f"{line}\n" for line in hash_lines("ab"))


def test_it_refuses_a_zxcvbn_wheel_that_is_not_the_pinned_one(tmp_path: Path) -> None:
    wheel = tmp_path / "zxcvbn-4.5.0-py2.py3-none-any.whl"
    wheel.write_bytes(b"not the wheel")

    with pytest.raises(ValueError, match="sha256"):
        zxcvbn_passwords(wheel)
