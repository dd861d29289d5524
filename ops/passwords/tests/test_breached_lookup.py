"""Offline lookup finds exactly the hashes a sorted HIBP-format file holds, and their counts."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ops.passwords.breached import breach_count, hash_count, looks_like_hash_file, sha1_hex

digests = st.binary(min_size=20, max_size=20).map(lambda raw: raw.hex().upper())


def write_file(path: Path, entries: dict[str, int], *, newline: str = "\n") -> Path:
    path.write_text("".join(f"{d}:{n}{newline}" for d, n in sorted(entries.items())))
    return path


def test_it_hashes_like_the_pwned_passwords_files() -> None:
    # The example Have I Been Pwned publishes for "P@ssw0rd".
    assert sha1_hex("P@ssw0rd") == "21BD12DC183F740EE76F27B78EB39C8AD972A757"


def test_it_counts_a_breached_password_and_not_an_unknown_one(tmp_path: Path) -> None:
    path = write_file(tmp_path / "p.txt", {sha1_hex("hunter2"): 17, sha1_hex("letmein"): 9})

    assert breach_count(path, "hunter2") == 17
    assert breach_count(path, "letmein") == 9
    assert breach_count(path, "Hunter2") == 0


def test_it_reads_windows_line_endings_and_lines_without_counts(tmp_path: Path) -> None:
    crlf = write_file(tmp_path / "crlf.txt", {sha1_hex("hunter2"): 3}, newline="\r\n")
    bare = tmp_path / "bare.txt"
    bare.write_text(sha1_hex("hunter2") + "\n")

    assert breach_count(crlf, "hunter2") == 3
    assert breach_count(bare, "hunter2") == 1


def test_it_finds_the_first_and_last_lines_and_nothing_beyond(tmp_path: Path) -> None:
    entries = {f"{n:040X}": n + 1 for n in range(1, 2000, 7)}
    path = write_file(tmp_path / "edges.txt", entries)
    first, last = min(entries), max(entries)

    assert hash_count(path, first) == entries[first]
    assert hash_count(path, last) == entries[last]
    assert hash_count(path, "0" * 40) == 0
    assert hash_count(path, "F" * 40) == 0


@settings(max_examples=60, deadline=None)
@given(
    stored=st.dictionaries(digests, st.integers(1, 10**9), max_size=300),
    probes=st.lists(digests, max_size=20),
)
def test_it_agrees_with_a_set_on_any_sorted_file(
    tmp_path_factory: pytest.TempPathFactory, stored: dict[str, int], probes: list[str]
) -> None:
    path = write_file(tmp_path_factory.mktemp("hibp") / "p.txt", stored)

    for digest in [*stored, *probes]:
        assert hash_count(path, digest) == stored.get(digest, 0)


def test_it_searches_a_large_file_reading_only_a_few_lines(tmp_path: Path) -> None:
    path = tmp_path / "large.txt"
    # Sorted by hash, as the HIBP download is.
    lines = sorted(f"{sha1_hex(str(n))}:{n}\n" for n in range(200_000))
    path.write_text("".join(lines))

    assert breach_count(path, "123456") == 123456
    assert breach_count(path, "not in the file") == 0


def test_it_explains_what_is_wrong_with_an_unusable_file(tmp_path: Path) -> None:
    unsorted = write_file(tmp_path / "u.txt", {})
    unsorted.write_text("F" * 40 + ":1\n" + "0" * 40 + ":1\n")
    malformed = tmp_path / "m.txt"
    malformed.write_text("password123\n")
    empty = tmp_path / "e.txt"
    empty.write_text("")

    assert "not sorted" in str(looks_like_hash_file(unsorted))
    assert "not HEX40:COUNT" in str(looks_like_hash_file(malformed))
    assert looks_like_hash_file(empty) == "is empty"
    assert "cannot be read" in str(looks_like_hash_file(tmp_path / "missing.txt"))
    assert looks_like_hash_file(write_file(tmp_path / "ok.txt", {"A" * 40: 2})) is None
