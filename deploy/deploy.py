"""The deploy tool: build a release, roll it across the nodes, roll back. No manage.py needed.

    python -m deploy.deploy --site var/cluster/site.json release REVISION
    python -m deploy.deploy --site var/cluster/site.json rolling REVISION
    python -m deploy.deploy --site var/cluster/site.json rollback
    python -m deploy.deploy --site var/cluster/site.json history
    python -m deploy.deploy --site var/cluster/site.json prune [--keep 5]

- ``release`` builds the immutable release directory (deploy/releases.py),
  then runs its checks with the site's environment: ``check --deploy``
  (failing on warnings), ``lint_migrations`` (every migration not yet applied
  must be safe for the code that is still running), and ``migrate``.  Old
  nodes keep serving throughout: the migrations it accepts only add.
- ``rolling`` moves each web node in turn: drain it (its ``/readyz`` answers
  503), wait until the balancer has taken it out and its last request has
  finished, stop it gracefully, point its ``release`` link at the new
  release, start it, wait until it is ready and the balancer routes to it
  again.  Then ``current`` moves and the worker and scheduler restart from
  it.  A node that fails to become ready stops the deploy, with the nodes
  done so far on the new release and the rest on the old: ``rollback``.
- ``rollback`` is ``rolling`` to the release before the current one (from
  ``releases/history``), or to ``--to REVISION``.  It runs no migrations.
- ``prune`` deletes the release directories (and virtualenvs) that went live
  before the last ``--keep`` (5) and that no node, nor ``current``, runs;
  releases built but never rolled out stay.  ``rolling`` prunes after a
  deploy that finished, so a machine's disk does not fill up release by release.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

import httpx

from deploy import releases
from deploy.site import BalancerUnavailable, Node, ServerState, Site, SiteError

BASE_DIR = Path(__file__).resolve().parents[1]
NODE_TIMEOUT = 60  # seconds for one node to leave or rejoin the rotation, or to become ready
KEEP_RELEASES = 5  # releases kept for rollback, the running ones besides
POLL = 0.1


def log(message: str) -> None:
    print(f"deploy: {message}", file=sys.stderr, flush=True)


def point_at(link: Path, target: Path) -> None:
    """Make ``link`` a symlink to ``target`` atomically (a new link renamed over the old)."""
    link.parent.mkdir(parents=True, exist_ok=True)
    temporary = link.with_name(f".{link.name}.{os.getpid()}")
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(target)
    temporary.replace(link)


def manage(site: Site, release: Path, *arguments: str) -> str:
    """Run ``manage.py`` of ``release`` with the site's environment; its output, or SiteError."""
    variables = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **site.environment()}
    result = subprocess.run(
        [str(release / ".venv/bin/python"), "manage.py", *arguments],
        cwd=release, env=variables, capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip
    output = (result.stdout + result.stderr).strip()
    if result.returncode != 0:
        raise SiteError(f"manage.py {' '.join(arguments)} failed in {release.name}:\n{output}")
    return output


def running_release(site: Site) -> Path | None:
    return site.current.resolve() if site.current.exists() else None


def release(site: Site, repository: Path, revision: str) -> Path:
    """Build ``revision``'s release, check it, and migrate the database for it."""
    built = releases.build(site.releases, repository, revision, running_release(site))
    log(f"checking release {built.name}")
    manage(site, built, "check", "--deploy", "--fail-level", "WARNING")
    manage(site, built, "lint_migrations")
    log(f"migrating for release {built.name}")
    manage(site, built, "migrate", "--noinput")
    return built


def ready_release(node: Node) -> str | None:
    """The release a node's /readyz reports when it answers 200, else None."""
    try:
        response = httpx.get(f"http://127.0.0.1:{node.port}/readyz", timeout=2)
    except httpx.HTTPError:
        return None
    return str(response.json().get("release")) if response.status_code == 200 else None


def wait_until(what: str, condition: Callable[[], object], deadline: float) -> None:
    while not condition():
        if time.monotonic() > deadline:
            raise SiteError(f"Gave up waiting: {what}")
        time.sleep(POLL)


def wait_for_balancer(site: Site, node: Node, *, in_rotation: bool, deadline: float) -> None:
    def state() -> ServerState | None:
        try:
            return site.balancer.states().get(node.name)
        except BalancerUnavailable:
            return None

    def routed() -> bool:
        now = state()
        return now is not None and now.status == "UP"

    def out_and_idle() -> bool:
        now = state()
        return now is not None and not now.in_rotation and now.sessions == 0

    if in_rotation:
        wait_until(f"the balancer to route to {node.name}", routed, deadline)
    else:
        wait_until(f"the balancer to stop routing to {node.name}", out_and_idle, deadline)


def replace_node(site: Site, node: Node, target: Path) -> None:
    """Take one node out, move it to ``target``'s release, and put it back."""
    node.drain_file.parent.mkdir(parents=True, exist_ok=True)
    node.drain_file.write_text(f"deploying {target.name}\n")
    wait_for_balancer(site, node, in_rotation=False, deadline=time.monotonic() + NODE_TIMEOUT)
    site.processes.stop(node.name)
    point_at(node.release_link, target)
    node.drain_file.unlink(missing_ok=True)
    site.processes.start(node.name)
    expected = (target / "REVISION").read_text().strip()
    wait_until(
        f"{node.name} to be ready on {target.name}",
        lambda: ready_release(node) == expected,
        time.monotonic() + NODE_TIMEOUT,
    )
    wait_for_balancer(site, node, in_rotation=True, deadline=time.monotonic() + NODE_TIMEOUT)


def record(site: Site, target: Path) -> None:
    with site.history.open("a") as history:
        history.write(f"{datetime.now(UTC).isoformat(timespec='seconds')} {target.name}\n")


def rolling(site: Site, name: str) -> Path:
    """Move every node, then the services, to the release named ``name``."""
    target = site.releases / name
    if not (target / "REVISION").exists():
        raise SiteError(f"There is no built release {name!r} in {site.releases}")
    for node in site.nodes:
        on = node.release_link.resolve() if node.release_link.exists() else None
        if on == target.resolve() and ready_release(node):
            log(f"{node.name} runs {name} already")
            continue
        log(f"{node.name}: draining, then {name}")
        replace_node(site, node, target)
    point_at(site.current, target)
    for service in site.services:
        log(f"restarting {service} on {name}")
        site.processes.stop(service)
        site.processes.start(service)
    record(site, target)
    log(f"every node runs {name}")
    try:
        prune(site, keep=KEEP_RELEASES)
    except OSError as error:  # the deploy itself succeeded; a full disk is for the operator
        log(f"could not prune old releases: {error}")
    return target


def deployed(site: Site) -> list[str]:
    """Release names in the order they went live (oldest first)."""
    if not site.history.exists():
        return []
    return [line.split()[1] for line in site.history.read_text().splitlines() if line.strip()]


def releases_in_use(site: Site) -> set[str]:
    """The releases ``current`` and the nodes' links point at."""
    links = [site.current, *(node.release_link for node in site.nodes)]
    return {link.resolve().name for link in links if link.exists()}


def prunable(site: Site, keep: int) -> list[str]:
    """Releases that went live before the last ``keep`` and that nothing runs, oldest first."""
    went_live = list(dict.fromkeys(reversed(deployed(site))))  # newest first, each once
    in_use = releases_in_use(site)
    return [name for name in reversed(went_live[keep:]) if name not in in_use]


def prune(site: Site, *, keep: int) -> list[str]:
    if keep < 2:
        raise SiteError("Keep at least 2 releases: the current one and one to roll back to")
    deleted = releases.prune(site.releases, prunable(site, keep))
    if deleted:
        log(f"pruned {len(deleted)} old release(s): {', '.join(deleted)}")
    return deleted


def previous_release(site: Site) -> str:
    current = running_release(site)
    for name in reversed(deployed(site)):
        if current is None or name != current.name:
            return name
    raise SiteError("No release before the current one to roll back to")


def arguments(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m deploy.deploy", description="Build, roll out and roll back releases."
    )
    parser.add_argument("--site", type=Path, required=True, help="the site file (site.json)")
    parser.add_argument("--repository", type=Path, default=BASE_DIR, help="the git repository")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (
        ("release", "build, check and migrate for a revision"),
        ("rolling", "move the nodes to a built revision, one at a time"),
    ):
        command = commands.add_parser(name, help=help_text)
        command.add_argument("revision")
    rollback = commands.add_parser("rollback", help="roll back to the release before")
    rollback.add_argument("--to", help="a built revision instead of the one before")
    commands.add_parser("history", help="the releases in the order they went live")
    pruning = commands.add_parser("prune", help="delete releases older than the last --keep")
    pruning.add_argument("--keep", type=int, default=KEEP_RELEASES, help="releases to keep (5)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    options = arguments(sys.argv[1:] if argv is None else argv)
    try:
        site = Site.load(options.site)
        if options.command == "release":
            print(release(site, options.repository, options.revision).name)
        elif options.command == "rolling":
            name = releases.release_name(releases.resolve(options.repository, options.revision))
            rolling(site, name)
        elif options.command == "rollback":
            name = options.to and releases.release_name(
                releases.resolve(options.repository, options.to)
            )
            rolling(site, name or previous_release(site))
        elif options.command == "history":
            print("\n".join(deployed(site)) or "nothing deployed yet")
        elif options.command == "prune":
            deleted = prune(site, keep=options.keep)
            print(f"{len(deleted)} release(s) deleted")
    except SiteError as error:
        print(f"deploy: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
