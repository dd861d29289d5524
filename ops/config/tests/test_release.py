"""The running release is read from git's files: loose refs, packed refs or a detached HEAD."""

from __future__ import annotations

from pathlib import Path

from ops.config.release import code_revision, git_revision

SHA = "0123456789abcdef0123456789abcdef01234567"


def test_it_reads_a_loose_branch_ref(tmp_path: Path) -> None:
    (tmp_path / ".git/refs/heads").mkdir(parents=True)
    (tmp_path / ".git/HEAD").write_text("ref: refs/heads/main\n")
    (tmp_path / ".git/refs/heads/main").write_text(SHA + "\n")
    assert git_revision(tmp_path) == SHA


def test_it_reads_a_packed_ref(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git/HEAD").write_text("ref: refs/heads/main\n")
    (tmp_path / ".git/packed-refs").write_text(f"# pack-refs\n{SHA} refs/heads/main\n")
    assert git_revision(tmp_path) == SHA


def test_it_reads_a_detached_head(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git/HEAD").write_text(SHA + "\n")
    assert git_revision(tmp_path) == SHA


def test_outside_a_checkout_there_is_none(tmp_path: Path) -> None:
    assert git_revision(tmp_path) is None


def test_this_checkout_has_a_revision() -> None:
    revision = git_revision(Path(__file__).resolve().parents[3])
    assert revision is not None
    assert len(revision) == 40


def test_a_release_directory_names_its_revision_in_a_file(tmp_path: Path) -> None:
    (tmp_path / "REVISION").write_text(SHA + "\n")
    assert code_revision(tmp_path) == SHA


def test_without_a_revision_file_the_git_head_is_the_revision(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git/HEAD").write_text(SHA + "\n")
    (tmp_path / "REVISION").write_text("\n")
    assert code_revision(tmp_path) == SHA
