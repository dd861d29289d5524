"""Run the Procfile's real commands as separate processes, bounded in time, and read their logs.

Each command is taken from the Procfile itself (so the tests prove what
``make run`` and a deploy start), with its program resolved in this
virtualenv.  Processes start in their own session and write to a log file;
``running()`` always ends the whole process group by its PID, whatever the
test did.  Their environment is explicit: the pytest process runs with
NEWSBUDGET_ENV=test, the processes under test run as ``dev`` with DEBUG off.
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
STOP_TIMEOUT = 30


def procfile_command(name: str) -> list[str]:
    """The Procfile's command for process type ``name``, its program taken from this virtualenv."""
    for line in (BASE_DIR / "Procfile").read_text().splitlines():
        kind, _, command = line.partition(":")
        if kind.strip() == name:
            argv = shlex.split(command)
            program = VENV_BIN / argv[0]
            return [str(program) if program.exists() else argv[0], *argv[1:]]
    raise LookupError(f"The Procfile has no {name!r} process")


def process_env(tmp_path: Path, database_url: str, **extra: str) -> dict[str, str]:
    """Environment for a process under test: dev defaults, DEBUG off, everything under tmp_path."""
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT")
    env = {key: os.environ[key] for key in keep if key in os.environ}
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
    env.update(
        NEWSBUDGET_ENV="dev",
        DEBUG="false",
        DATABASE_URL=database_url,
        CACHE_URL=f"diskcache://{tmp_path / 'cache'}",
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
        PROMETHEUS_MULTIPROC_DIR=str(tmp_path / "metrics"),
        DRAIN_FILE=str(tmp_path / "drain"),
        AVAILABILITY_STATE_FILE=str(tmp_path / "availability.json"),
        EMAIL_URL="consolemail://",
        LOG_LEVEL="INFO",
        PYTHONUNBUFFERED="1",
        PYTHONDONTWRITEBYTECODE="1",
        # gunicorn puts its control socket here, not in the developer's $HOME.
        XDG_RUNTIME_DIR=str(tmp_path),
    )
    env.update(extra)
    return env


def manage(env: dict[str, str], *args: str, timeout: float = 120) -> str:
    """Run ``manage.py`` with ``args`` to completion; its output, or a failure that shows it."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, (
        f"manage.py {' '.join(args)} failed ({result.returncode}):\n"
        f"{result.stdout}\n{result.stderr}"
    )
    return result.stdout


@dataclass
class Running:
    """A started process and the file its output goes to."""

    process: subprocess.Popen[bytes]
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_for(self, pattern: str, timeout: float) -> re.Match[str]:
        """Wait until the output matches ``pattern``; fail, showing the output, if it does not."""
        deadline = time.monotonic() + timeout
        while True:
            match = re.search(pattern, self.output())
            if match:
                return match
            if self.process.poll() is not None:
                raise AssertionError(
                    f"The process exited ({self.process.returncode}) before printing "
                    f"{pattern!r}:\n{self.output()}"
                )
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"No {pattern!r} within {timeout}s; output so far:\n{self.output()}"
                )
            time.sleep(0.1)

    def stop(self, timeout: float = STOP_TIMEOUT) -> int:
        """SIGTERM, as a process manager would; the exit status, or a failure if it hangs."""
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError(
                f"Still running {timeout}s after SIGTERM; output:\n{self.output()}"
            ) from None


@contextlib.contextmanager
def running(argv: list[str], env: dict[str, str], log: Path) -> Iterator[Running]:
    """Start ``argv`` in a process group of its own; on exit, kill that group by its PID."""
    with log.open("wb") as sink:
        process = subprocess.Popen(
            argv,
            cwd=BASE_DIR,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield Running(process, log)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=STOP_TIMEOUT)
