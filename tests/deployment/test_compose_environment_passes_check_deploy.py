"""The environment compose.yaml gives the processes is enough for production: check --deploy passes.

Each app service's environment, interpolated as compose would (with only
SITE_HOST given), and its secrets as files with the contents
docs/deployment.md tells the operator to write (each ending in a line break,
as ``echo`` leaves it), run Django's deployment checklist in a fresh
interpreter with ``--fail-level WARNING``: any warning fails.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.deployment.files import ROOT, compose, service_environment

CHECK_DEPLOY = ["manage.py", "check", "--deploy", "--fail-level", "WARNING"]
SECRET_FILES = {
    "secret_key": "c0mp0se-s3cret-k3y-" * 4,  # pragma: allowlist secret
    "database_url": "postgres://newsbudget:pw@db:5432/newsbudget",  # pragma: allowlist secret
    "cache_url": "redis://:redis-password@redis:6379/0",
    "email_url": "smtp+tls://mailer:pw@mail.example.org:587",  # pragma: allowlist secret
}


def mounted_secrets(tmp_path: Path) -> dict[str, str]:
    """``/run/secrets/<name>`` → a file here holding what the operator would write."""
    paths = {}
    for name in compose()["secrets"]:
        if name in SECRET_FILES:
            path = tmp_path / name
            path.write_text(SECRET_FILES[name] + "\n")
            paths[f"/run/secrets/{name}"] = str(path)
    return paths


# worker, scheduler and release share one environment (test_compose checks it); web and realtime
# add their binds.
@pytest.mark.parametrize("service", ["web", "worker", "realtime"])
def test_check_deploy_passes_with_the_compose_environment(service: str, tmp_path: Path) -> None:
    secrets = mounted_secrets(tmp_path)
    environment = {
        name: secrets.get(value, value)
        for name, value in service_environment(service, {"SITE_HOST": "news.example.org"}).items()
    }
    unresolved = {value for value in environment.values() if value.startswith("/run/secrets/")}
    assert unresolved == set()

    result = subprocess.run(
        [sys.executable, *CHECK_DEPLOY],
        cwd=ROOT,
        env={
            "PATH": os.environ["PATH"],
            **environment,
            # The one directory the settings create, here rather than in the checkout.
            "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics"),
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
