"""The server processes a benchmark starts, and stopping exactly those.

Each process runs in its own session (so a Ctrl-C in the terminal reaches the
benchmark, which then stops them in order) with its output in a log file of
the run's temporary directory.  Stopping sends SIGTERM to the process we
started, waits, and only then kills its process group, which is the one
``start_new_session`` created for it: nothing else on the machine is touched.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

STOP_TIMEOUT = 30.0
READY_TIMEOUT = 90.0


class StackError(RuntimeError):
    """A server would not start or answer; the message says which, with its log."""


@dataclass
class Server:
    """One running server: what it is, its process, where it listens and logs."""

    name: str
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log_tail(self, lines: int = 40) -> str:
        if not self.log.exists():
            return "(no log)"
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        """SIGTERM to our process; after STOP_TIMEOUT, SIGKILL to the group it leads."""
        if self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=STOP_TIMEOUT)


def start(
    name: str,
    command: Sequence[str],
    *,
    port: int,
    log: Path,
    env: Mapping[str, str],
    cwd: Path,
) -> Server:
    """Start ``command`` in its own session, its output going to ``log``."""
    with log.open("ab") as sink:
        process = subprocess.Popen(
            list(command),
            cwd=cwd,
            env=dict(env),
            stdin=subprocess.DEVNULL,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return Server(name=name, process=process, port=port, log=log)


def answers(url: str) -> int | None:
    """The status of a GET to ``url``, or None if nothing answered."""
    parts = url.removeprefix("http://").split("/", 1)
    host, port = parts[0].split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=5)
    try:
        connection.request("GET", "/" + (parts[1] if len(parts) > 1 else ""))
        return connection.getresponse().status
    except OSError:
        return None
    finally:
        connection.close()


def wait_until_serving(server: Server, path: str = "/") -> None:
    """Poll ``path`` until it answers 200; fail with the log if the process exits or stalls."""
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise StackError(f"{server.name} exited on start:\n{server.log_tail()}")
        if answers(server.base_url + path) == 200:
            return
        time.sleep(0.2)
    raise StackError(
        f"{server.name} did not answer {path} in {READY_TIMEOUT:.0f}s:\n{server.log_tail()}"
    )
