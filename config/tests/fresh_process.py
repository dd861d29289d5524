"""Run a few lines of Django in a fresh interpreter, with exactly the environment a test gives.

Settings are read once per process, as web, worker and scheduler read them;
testing what an environment does to them means starting a new interpreter.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_django(
    tmp_path: Path, program: str, **environment: str
) -> subprocess.CompletedProcess[str]:
    """Run ``program`` with a throwaway SQLite database and ``environment`` over the defaults."""
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **environment,
    }
    return subprocess.run(
        [sys.executable, "-c", program],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
