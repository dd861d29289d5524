"""A site the deploy tool acts on: where its releases live, its nodes, and how to control them.

A site is described by a JSON file (``site.json``) so the deploy tool needs
neither Django nor the cluster that wrote it.  The local cluster
(deploy/cluster.py) writes one; a VM's is written once by hand
(docs/deployment.md shows it).  It names:

- ``releases``: the directory of immutable release directories, one per git
  revision; ``current`` beside it points at the live one (the worker and the
  scheduler run from it);
- ``env_file``: the ``KEY=VALUE`` environment every process gets, which the
  deploy tool also gives the commands it runs (``check``, ``migrate``);
- ``nodes``: each web node's name, port, drain flag and ``release`` link (a
  symlink to the release it runs, switched while the node is stopped, so a
  rolling deploy moves one node at a time);
- ``services``: the other processes restarted from ``current`` after the
  nodes (worker, scheduler);
- ``process_control``: ``supervisor`` (a supervisord config) or ``systemd``
  (unit names, ``{name}`` and ``{port}`` filled in);
- ``balancer``: HAProxy's runtime socket and backend name.
"""

from __future__ import annotations

import json
import os
import shlex
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol


class SiteError(RuntimeError):
    """The site file or a command it drives is wrong; the message says what to fix."""


class BalancerUnavailable(SiteError):
    """HAProxy's runtime socket does not answer (it is starting, or down)."""


@dataclass(frozen=True)
class Node:
    name: str
    port: int
    drain_file: Path
    release_link: Path


class ProcessControl(Protocol):
    def start(self, name: str) -> None: ...

    def stop(self, name: str) -> None: ...


@dataclass(frozen=True)
class Supervisor:
    """supervisord's programs, through ``supervisorctl`` (stop is SIGTERM, then waits)."""

    config: Path

    def command(self, *arguments: str) -> list[str]:
        control = [sys.executable, "-m", "supervisor.supervisorctl", "-c", str(self.config)]
        return [*control, *arguments]

    def run(self, *arguments: str) -> str:
        result = subprocess.run(
            self.command(*arguments), capture_output=True, text=True, timeout=120, check=False
        )
        # supervisorctl exits non-zero for "already started" too; the text says what happened.
        output = (result.stdout + result.stderr).strip()
        if "ERROR" in output and "already started" not in output and "not running" not in output:
            raise SiteError(f"supervisorctl {' '.join(arguments)}: {output}")
        return output

    def start(self, name: str) -> None:
        self.run("start", name)

    def stop(self, name: str) -> None:
        self.run("stop", name)

    def pid(self, name: str) -> int | None:
        output = self.run("pid", name).strip()
        return int(output) if output.isdigit() and output != "0" else None


@dataclass(frozen=True)
class Systemd:
    """systemd units: ``unit`` is a pattern such as ``newsbudget-web@{port}.service``."""

    units: dict[str, str]
    ports: dict[str, int]

    def unit(self, name: str) -> str:
        pattern = self.units.get(name) or self.units.get("web" if name in self.ports else name)
        if pattern is None:
            raise SiteError(f"site.json names no systemd unit for {name!r}")
        return pattern.format(name=name, port=self.ports.get(name, ""))

    def command(self, verb: str, name: str) -> list[str]:
        return ["systemctl", verb, self.unit(name)]

    def start(self, name: str) -> None:
        run_or_fail(self.command("start", name))

    def stop(self, name: str) -> None:
        run_or_fail(self.command("stop", name))


def run_or_fail(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    if result.returncode != 0:
        raise SiteError(f"{shlex.join(command)} failed: {(result.stdout + result.stderr).strip()}")


@dataclass(frozen=True)
class ServerState:
    # HAProxy's: UP, DOWN, MAINT, NOLB, "UP 1/2" (up, failing checks: still routed to),
    # "DOWN 1/2" (down, passing checks: not routed to yet).
    status: str
    sessions: int  # requests in progress on this server

    @property
    def in_rotation(self) -> bool:
        return self.status.startswith("UP")


@dataclass(frozen=True)
class HAProxy:
    """HAProxy's runtime API on its stats socket: which servers it routes to."""

    socket_path: Path
    backend: str

    def ask(self, command: str) -> str:
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
                connection.settimeout(5)
                connection.connect(str(self.socket_path))
                connection.sendall(command.encode() + b"\n")
                chunks = []
                while chunk := connection.recv(65536):
                    chunks.append(chunk)
        except OSError as error:
            raise BalancerUnavailable(f"HAProxy's socket {self.socket_path}: {error}") from None
        return b"".join(chunks).decode()

    def states(self) -> dict[str, ServerState]:
        """Each server of the backend: its check status and its current sessions."""
        lines = self.ask("show stat").splitlines()
        if not lines or not lines[0].startswith("# "):
            raise SiteError(f"HAProxy's 'show stat' answered {lines[:1]!r}")
        header = lines[0][2:].split(",")
        states = {}
        for line in lines[1:]:
            row = dict(zip(header, line.split(","), strict=False))
            if row.get("pxname") == self.backend and row.get("svname") not in (
                "FRONTEND",
                "BACKEND",
            ):
                states[row["svname"]] = ServerState(row["status"], int(row["scur"] or 0))
        return states


@dataclass(frozen=True)
class Site:
    releases: Path
    env_file: Path
    nodes: tuple[Node, ...]
    services: tuple[str, ...]
    processes: Supervisor | Systemd
    balancer: HAProxy

    @property
    def current(self) -> Path:
        return self.releases.parent / "current"

    @property
    def history(self) -> Path:
        return self.releases / "history"

    def environment(self) -> dict[str, str]:
        return read_env_file(self.env_file)

    @classmethod
    def load(cls, path: Path) -> Site:
        try:
            data = json.loads(path.read_text())
        except (OSError, ValueError) as error:
            raise SiteError(f"Cannot read the site file {path}: {error}") from None
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Site:
        try:
            nodes = tuple(
                Node(node["name"], int(node["port"]), Path(node["drain_file"]),
                     Path(node["release_link"]))
                for node in data["nodes"]
            )  # fmt: skip
            control = data["process_control"]
            processes: Supervisor | Systemd
            if control["kind"] == "supervisor":
                processes = Supervisor(Path(control["config"]))
            elif control["kind"] == "systemd":
                processes = Systemd(dict(control["units"]), {n.name: n.port for n in nodes})
            else:
                raise SiteError(f"process_control kind must be supervisor or systemd, not "
                                f"{control['kind']!r}")  # fmt: skip
            balancer = HAProxy(Path(data["balancer"]["socket"]), data["balancer"]["backend"])
            return cls(
                releases=Path(data["releases"]),
                env_file=Path(data["env_file"]),
                nodes=nodes,
                services=tuple(data.get("services", ())),
                processes=processes,
                balancer=balancer,
            )
        except (KeyError, TypeError, ValueError) as error:
            raise SiteError(f"The site file is missing or has a wrong value: {error!r}") from None


def read_env_file(path: Path) -> dict[str, str]:
    """``KEY=VALUE`` lines (systemd's EnvironmentFile format, no quoting); # starts a comment."""
    variables = {}
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, separator, value = line.partition("=")
        if not separator or not key.isidentifier():
            raise SiteError(f"{path}:{number}: expected KEY=VALUE, got {line!r}")
        variables[key] = value
    return variables


def write_env_file(path: Path, variables: dict[str, str]) -> None:
    for key, value in variables.items():
        if "\n" in value:
            raise SiteError(f"{key}'s value has a line break, which an env file cannot hold")
    path.write_text("".join(f"{key}={value}\n" for key, value in variables.items()))
    os.chmod(path, 0o600)
