"""The image's collectstatic step succeeds with its build-only values and nothing else.

The step's own command and environment are taken from the Dockerfile and run
here, in an otherwise empty environment: the production settings load (so a
missing production dependency or a new required variable fails the build
here first) and the hashed, compressed files and their manifest are written.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

from tests.deployment.files import ROOT, dockerfile_stages


def collectstatic_step() -> tuple[dict[str, str], list[str]]:
    build = next(stage for stage in dockerfile_stages() if stage.name == "build")
    (run,) = [i for i in build.all("RUN") if "collectstatic" in i.arguments]
    words = shlex.split(run.arguments)
    environment = {}
    while "=" in words[0] and words[0].split("=")[0].isupper():
        name, _, value = words.pop(0).partition("=")
        environment[name] = value
    return environment, words


def test_collectstatic_needs_only_the_build_only_values(tmp_path: Path) -> None:
    environment, argv = collectstatic_step()
    assert argv[0] == "/app/.venv/bin/python"
    # The same step, its scratch paths moved under tmp_path.
    environment |= {
        "PATH": "/usr/bin:/bin",
        "STATIC_ROOT": str(tmp_path / "static"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'build' / 'db.sqlite3'}",
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics"),
    }

    result = subprocess.run(
        [sys.executable, *argv[1:]],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert (tmp_path / "static" / "staticfiles.json").exists()
    assert environment["NEWSBUDGET_ENV"] == "production"
