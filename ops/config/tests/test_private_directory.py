"""Cache directories are made private to the application user (mode 0700)."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from ops.config.files import private_directory


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_it_creates_a_private_directory(tmp_path: Path) -> None:
    created = private_directory(tmp_path / "var" / "cache", setting="CACHE_URL")
    assert created.is_dir()
    assert mode_of(created) == 0o700


def test_it_tightens_a_directory_others_could_write(tmp_path: Path) -> None:
    shared = tmp_path / "cache"
    shared.mkdir(mode=0o777)
    shared.chmod(0o777)

    private_directory(shared, setting="CACHE_URL")

    assert mode_of(shared) == 0o700


def test_it_names_the_setting_when_the_path_is_unusable(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL: cannot make"):
        private_directory(blocker / "cache", setting="CACHE_URL")
