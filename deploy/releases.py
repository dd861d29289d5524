"""Immutable releases: one directory per git revision, built once and never changed.

``build(releases, repository, revision)`` makes ``releases/<revision>/``:

1. the code of that commit (``git archive``, so nothing uncommitted, no
   ``.git``) and a ``REVISION`` file naming it (settings read it as
   ``RELEASE``; it is in every ``X-Release`` header and ETag);
2. ``.venv``: a link to a virtualenv of the locked production dependencies
   (``uv sync --frozen --no-dev``), shared by every release whose ``uv.lock``
   is the same, byte for byte — a lock names exact versions and hashes, so
   two releases with one lock have the same environment;
3. ``var/static/`` (the settings' default ``STATIC_ROOT``, so no process
   needs it set): ``collectstatic`` of that code, plus every hashed file of the
   release before it that this one lacks, so a page rendered by the old
   release (in a browser, a CDN, the page cache) still finds its CSS on a new
   node.

The directory is built under a temporary name and renamed into place, so a
release directory either is complete or does not exist.  Building a revision
that exists already does nothing.

``prune(releases, keep=…)`` deletes the release directories the deploy tool
says are done with, then the virtualenvs no remaining release links to.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from deploy.site import SiteError

BUILD_ENVIRONMENT = {
    # collectstatic imports the settings; production's refuse to start without these,
    # so the build passes harmless build-only values (no secret is ever in a release).
    "NEWSBUDGET_ENV": "production",
    "ALLOWED_HOSTS": "build.invalid",
    "DATABASE_URL": "sqlite:///:memory:",
    "CACHE_URL": "locmem://",
    "LOG_LEVEL": "WARNING",
}


def resolve(repository: Path, revision: str) -> str:
    """The full commit id ``revision`` names in ``repository``."""
    result = subprocess.run(
        ["git", "-C", str(repository), "rev-parse", "--verify", "--quiet",
         f"{revision}^{{commit}}"],
        capture_output=True, text=True, timeout=30, check=False,
    )  # fmt: skip
    if result.returncode != 0:
        raise SiteError(f"{revision!r} is not a commit of {repository}")
    return result.stdout.strip()


COMPLETE = ".complete"
STATIC = Path("var/static")  # settings' default STATIC_ROOT, inside the release


def release_name(commit: str) -> str:
    return commit[:12]


def uv_binary() -> str:
    """uv: $UV (the Makefile passes its own), PATH, or where ``pip install --user`` put it."""
    for candidate in (os.environ.get("UV"), shutil.which("uv"), str(Path.home() / ".local/bin/uv")):
        if candidate and Path(candidate.split()[0]).exists():
            return candidate
    raise SiteError("uv is not installed: run `make sync` once, or set UV to its path")


def export_code(repository: Path, commit: str, target: Path) -> None:
    target.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "-C", str(repository), "archive", "--format=tar", commit],
        capture_output=True, timeout=120, check=True,
    )  # fmt: skip
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True, timeout=120)
    (target / "REVISION").write_text(commit + "\n")


def environment_for(code: Path, venvs: Path) -> Path:
    """The virtualenv for ``code``'s uv.lock, created the first time that lock is seen.

    uv writes the venv's own path into its scripts, so it is built in place;
    ``.complete`` marks a finished one, and an unfinished one is rebuilt.
    """
    lock_hash = hashlib.sha256((code / "uv.lock").read_bytes()).hexdigest()[:16]
    venv = venvs / lock_hash
    if (venv / COMPLETE).exists():
        return venv
    shutil.rmtree(venv, ignore_errors=True)
    variables = {**os.environ, "UV_PROJECT_ENVIRONMENT": str(venv)}
    variables.pop("VIRTUAL_ENV", None)
    result = subprocess.run(
        [*uv_binary().split(), "sync", "--frozen", "--no-dev", "--project", str(code), "--quiet"],
        env=variables, capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip
    if result.returncode != 0:
        shutil.rmtree(venv, ignore_errors=True)
        raise SiteError(f"uv sync for {code.name} failed:\n{result.stdout}{result.stderr}")
    (venv / COMPLETE).write_text("")
    return venv


def build_only_key() -> str:
    """A throwaway SECRET_KEY for collectstatic, which signs nothing."""
    return "build-only-" + hashlib.sha256(os.urandom(32)).hexdigest()


def collect_static(code: Path) -> None:
    variables = {
        **os.environ,
        **BUILD_ENVIRONMENT,
        "SECRET_KEY": build_only_key(),
    }
    result = subprocess.run(
        [str(code / ".venv/bin/python"), "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=code, env=variables, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    if result.returncode != 0:
        raise SiteError(f"collectstatic failed:\n{result.stdout}{result.stderr}")


def carry_forward_static(code: Path, previous: Path | None) -> int:
    """Hard-link the previous release's static files that this one lacks; how many."""
    if previous is None or not (previous / STATIC).is_dir():
        return 0
    source_root, target_root = previous / STATIC, code / STATIC
    carried = 0
    for source in source_root.rglob("*"):
        target = target_root / source.relative_to(source_root)
        if source.is_file() and not target.exists() and source.name != "staticfiles.json":
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(source, target)
            except OSError:
                shutil.copy2(source, target)
            carried += 1
    return carried


def build(releases: Path, repository: Path, revision: str, previous: Path | None) -> Path:
    """``releases/<name>`` for ``revision``, built now unless it exists already."""
    commit = resolve(repository, revision)
    target = releases / release_name(commit)
    if (target / "REVISION").exists():
        return target
    releases.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".building-{target.name}-", dir=releases))
    try:
        code = building / "code"
        export_code(repository, commit, code)
        venv = environment_for(code, releases.parent / "venvs")
        (code / ".venv").symlink_to(venv)
        collect_static(code)
        carried = carry_forward_static(code, previous)
        print(
            f"Built release {target.name}: {venv.name} environment, "
            f"{carried} static files carried from the release before",
            file=sys.stderr,
        )
        code.rename(target)
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return target


def venvs_in_use(releases: Path) -> set[Path]:
    """The shared virtualenvs the releases under ``releases`` link to, those being built too."""
    links = [*releases.glob("*/.venv"), *releases.glob(".building-*/code/.venv")]
    return {link.resolve() for link in links if link.is_symlink()}


def prune(releases: Path, names: Iterable[str]) -> list[str]:
    """Delete the releases ``names`` and every virtualenv left unused; the names deleted."""
    deleted = []
    for name in names:
        target = releases / name
        if name and "/" not in name and not name.startswith(".") and target.is_dir():
            shutil.rmtree(target)
            deleted.append(name)
    venvs = releases.parent / "venvs"
    if venvs.is_dir():
        keep = venvs_in_use(releases)
        for venv in venvs.iterdir():
            # An unfinished one (no COMPLETE mark) may be a build in progress: left alone.
            if (venv / COMPLETE).exists() and venv.resolve() not in keep:
                shutil.rmtree(venv, ignore_errors=True)
    return deleted
