"""Bad input or options end in one clear CommandError, never a traceback."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, NoReturn

import pytest
from django.core.management import CommandError

from ops.logs.management.commands import logreport
from ops.logs.tests.requestlog import run, write_log


def test_it_rejects_a_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.log"

    with pytest.raises(CommandError, match=f"^Cannot read {missing}: No such file or directory$"):
        run(str(missing))


def test_it_rejects_a_directory(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=f"^Cannot read {tmp_path}: Is a directory$"):
        run(str(tmp_path))


def test_it_rejects_a_file_it_may_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def forbidden(*args: Any, **kwargs: Any) -> NoReturn:
        raise PermissionError(13, "Permission denied")

    # chmod cannot stop a test run as root, so the refusal is the one open() would raise.
    monkeypatch.setattr(logreport, "open", forbidden, raising=False)

    with pytest.raises(CommandError, match=r"^Cannot read .*requests\.log: Permission denied$"):
        run(str(write_log(tmp_path)))


def test_it_rejects_a_damaged_gzip_file(tmp_path: Path) -> None:
    log = tmp_path / "requests.log.gz"
    log.write_bytes(b"this is not gzip")

    with pytest.raises(CommandError, match=f"^Cannot read {log}: Not a gzipped file"):
        run(str(log))


def test_it_rejects_json_with_csv(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"^--json and --csv are exclusive"):
        run(str(write_log(tmp_path)), "--json", "--csv")


@pytest.mark.parametrize("option", ["--top", "--deep-page", "--bot-rate"])
def test_it_rejects_a_threshold_below_one(tmp_path: Path, option: str) -> None:
    with pytest.raises(CommandError, match=f"^{option} must be 1 or more, got 0$"):
        run(str(write_log(tmp_path)), option, "0")


def test_it_rejects_a_threshold_that_is_not_a_number(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="invalid int value: 'many'"):
        run(str(write_log(tmp_path)), "--top", "many")


def test_it_will_not_wait_on_a_terminal() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    with pytest.raises(CommandError, match="standard input is a terminal"):
        run("-", stdin=Terminal())
