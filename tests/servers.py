"""Real servers for the test runs, started on loopback in throwaway directories.

``postgres_server()`` runs Debian's PostgreSQL the way a developer would by
hand: ``initdb`` into a temporary directory, ``pg_ctl start`` on a free port of
127.0.0.1 with its unix socket inside that directory, one database, and on exit
``pg_ctl stop`` on that same data directory and the directory removed.  It
touches no other cluster on the machine and stops only the server it started.

initdb refuses to run as root, so as root the server runs as the ``postgres``
system user that Debian's package creates, and the directory belongs to it.

Durability is switched off (``fsync``, ``synchronous_commit``,
``full_page_writes``): the cluster is thrown away after the run, and the test
suite creates and drops its database many times.

``main()`` backs ``scripts/with-postgres``: start a server, run a command with
``DATABASE_URL`` pointing at it, stop the server, return the command's status.
"""

from __future__ import annotations

import contextlib
import glob
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import FrameType

import psycopg

DATABASE = "newsbudget"
USER = "newsbudget"
START_TIMEOUT = 60
STOP_TIMEOUT = 30
SERVER_OPTIONS = (
    "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
    "-c max_connections=50 -c shared_buffers=64MB"
)


class ServerUnavailable(RuntimeError):
    """The server's binaries are missing or it would not start; the message says what to do."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def postgres_bindir() -> Path:
    """The directory holding initdb and pg_ctl; Debian keeps it off PATH, per major version."""
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"),
        key=lambda path: int(Path(path).parent.name) if Path(path).parent.name.isdigit() else 0,
        reverse=True,
    )
    for candidate in candidates:
        if all(os.access(Path(candidate, name), os.X_OK) for name in ("initdb", "pg_ctl")):
            return Path(candidate)
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl"):
        return Path(initdb).resolve().parent
    raise ServerUnavailable(
        "PostgreSQL's server binaries (initdb, pg_ctl) are not installed; "
        "run scripts/ensure-servers (as root) to install them."
    )


def as_server_user(command: list[str]) -> list[str]:
    """Run ``command`` as ``postgres`` when we are root (initdb refuses root), else as ourselves."""
    if os.geteuid() != 0:
        return command
    runuser = shutil.which("runuser")
    if runuser is None:
        raise ServerUnavailable("Running as root needs runuser (util-linux) to drop to postgres.")
    return [runuser, "-u", "postgres", "--", *command]


def server_owner() -> tuple[int, int] | None:
    """uid and gid the data directory must belong to, or None when it is ours already."""
    if os.geteuid() != 0:
        return None
    import pwd

    try:
        entry = pwd.getpwnam("postgres")
    except KeyError:
        raise ServerUnavailable(
            "Running as root, the server needs the postgres system user; "
            "install Debian's postgresql package (scripts/ensure-servers)."
        ) from None
    return entry.pw_uid, entry.pw_gid


def run_checked(command: list[str], *, cwd: Path, timeout: float, what: str) -> None:
    result = subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False
    )
    if result.returncode != 0:
        raise ServerUnavailable(
            f"{what} failed (exit {result.returncode}):\n{result.stdout}\n{result.stderr}"
        )


def wait_until_ready(url: str, deadline: float, log: Path) -> None:
    """Connect until the server answers or ``deadline`` passes."""
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        try:
            with psycopg.connect(url, connect_timeout=2):
                return
        except psycopg.OperationalError as error:
            last_error = error
            time.sleep(0.2)
    log_text = log.read_text(errors="replace") if log.exists() else "(no log)"
    raise ServerUnavailable(f"PostgreSQL did not accept connections: {last_error}\n{log_text}")


def stop_server(pg_ctl: Path, data: Path, root: Path) -> None:
    """Stop the server of ``data`` and no other: pg_ctl first, then its postmaster's PID."""
    with contextlib.suppress(subprocess.TimeoutExpired, OSError):
        subprocess.run(
            as_server_user([str(pg_ctl), "stop", "-D", str(data), "-m", "fast", "-w",
                            "-t", str(STOP_TIMEOUT)]),
            cwd=root, capture_output=True, timeout=STOP_TIMEOUT + 5, check=False,
        )  # fmt: skip
    pid_file = data / "postmaster.pid"
    if not pid_file.exists():
        return
    # pg_ctl could not stop it: end the postmaster this directory names, and only it.
    with contextlib.suppress(ValueError, IndexError, OSError):
        pid = int(pid_file.read_text().splitlines()[0])
        os.kill(pid, signal.SIGKILL)


@contextlib.contextmanager
def postgres_server() -> Iterator[str]:
    """Start a throwaway PostgreSQL on 127.0.0.1 and yield its ``DATABASE_URL``.

    The URL names database ``newsbudget`` of a superuser, so test runners may
    create and drop their own test databases beside it.
    """
    bindir = postgres_bindir()
    owner = server_owner()
    root = Path(tempfile.mkdtemp(prefix="newsbudget-pg-"))
    data, sockets, log = root / "data", root / "sockets", root / "server.log"
    password = secrets.token_hex(16)
    started = False
    try:
        sockets.mkdir()
        password_file = root / "password"
        password_file.write_text(password + "\n")
        if owner is not None:
            for path in (root, sockets, password_file):
                os.chown(path, *owner)
        run_checked(
            as_server_user([
                str(bindir / "initdb"), "-D", str(data), "-U", USER,
                f"--pwfile={password_file}", "--auth-host=scram-sha-256",
                "--auth-local=peer", "--encoding=UTF8", "--no-locale", "--no-sync",
            ]),
            cwd=root, timeout=120, what="initdb",
        )  # fmt: skip
        password_file.unlink()
        for _attempt in range(3):
            port = free_port()
            options = f"-c listen_addresses=127.0.0.1 -p {port} -k {sockets} {SERVER_OPTIONS}"
            started = True
            result = subprocess.run(
                as_server_user([
                    str(bindir / "pg_ctl"), "start", "-D", str(data), "-l", str(log),
                    "-w", "-t", str(START_TIMEOUT), "-o", options,
                ]),
                cwd=root, capture_output=True, text=True, timeout=START_TIMEOUT + 10,
                check=False,
            )  # fmt: skip
            if result.returncode == 0:
                break
            started = False  # another process took the port between probe and start
        else:
            log_text = log.read_text(errors="replace") if log.exists() else "(no log)"
            raise ServerUnavailable(f"pg_ctl start failed three times:\n{log_text}")
        admin_url = f"postgresql://{USER}:{password}@127.0.0.1:{port}/postgres"
        wait_until_ready(admin_url, time.monotonic() + START_TIMEOUT, log)
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{DATABASE}"')
        yield f"postgres://{USER}:{password}@127.0.0.1:{port}/{DATABASE}"
    finally:
        if started or (data / "postmaster.pid").exists():
            stop_server(bindir / "pg_ctl", data, root)
        shutil.rmtree(root, ignore_errors=True)


def main(argv: Sequence[str]) -> int:
    """``with-postgres -- COMMAND...``: run COMMAND with DATABASE_URL set to a fresh server."""
    args = list(argv)
    if args[:1] == ["--"]:
        args = args[1:]
    if not args:
        print("usage: with-postgres -- COMMAND [ARG...]", file=sys.stderr)
        return 2
    child: subprocess.Popen[bytes] | None = None

    def forward(signum: int, frame: FrameType | None) -> None:
        # Pass SIGTERM on and let the command end; the server stops after it.  Ctrl-C
        # reaches the command by itself (same process group), so SIGINT only waits.
        if signum == signal.SIGTERM and child is not None and child.poll() is None:
            child.send_signal(signum)

    try:
        with postgres_server() as url:
            print(f"with-postgres: PostgreSQL ready at {url.rsplit('@', 1)[1]}", file=sys.stderr)
            previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGTERM, signal.SIGINT)}
            try:
                child = subprocess.Popen(args, env={**os.environ, "DATABASE_URL": url})
                return child.wait()
            finally:
                if child is not None and child.poll() is None:
                    child.kill()
                    child.wait()
                for sig, handler in previous.items():
                    signal.signal(sig, handler)
    except ServerUnavailable as error:
        print(f"with-postgres: {error}", file=sys.stderr)
        return 1
