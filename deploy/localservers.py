"""Debian's server programs, located and run the way a developer runs them by hand.

Shared by the local cluster (deploy/cluster.py) and the test runs
(tests/servers.py): where PostgreSQL's server binaries live (Debian keeps them
off PATH, per major version), how to run them as the ``postgres`` system user
when we are root (initdb refuses root), and ``initdb`` of a throwaway cluster
with a password login for one superuser.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
from pathlib import Path


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


def initdb(bindir: Path, data: Path, *, user: str, password: str) -> None:
    """Create a cluster in ``data`` whose superuser ``user`` logs in over TCP with ``password``."""
    root = data.parent
    owner = server_owner()
    password_file = root / f".{data.name}-password"
    password_file.write_text(password + "\n")
    if owner is not None:
        for path in (root, password_file):
            os.chown(path, *owner)
    try:
        run_checked(
            as_server_user([
                str(bindir / "initdb"), "-D", str(data), "-U", user,
                f"--pwfile={password_file}", "--auth-host=scram-sha-256",
                "--auth-local=peer", "--encoding=UTF8", "--no-locale", "--no-sync",
            ]),
            cwd=root, timeout=120, what="initdb",
        )  # fmt: skip
    finally:
        password_file.unlink(missing_ok=True)
