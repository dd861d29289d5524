"""``scripts/check-secrets`` (``make secrets``) fails on a new secret, and only on that.

Each case builds a small git repository with an audited baseline, as ours is,
then runs the script in it: a file with an AWS key fails the check until it
is removed; a known false positive that moved to another line does not; an
entry nobody audited fails it.  The repository's own baseline is left alone.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.system

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "check-secrets"
DETECT_SECRETS = Path(sys.executable).with_name("detect-secrets")
FIXTURE = 'TEST_PASSWORD = "correct-horse-battery"\n'  # pragma: allowlist secret


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )


def check(repo: Path) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, str(SCRIPT)], repo)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose one finding (a test fixture's password) is audited as false."""
    run(["git", "init", "-q"], tmp_path)
    (tmp_path / "factories.py").write_text(FIXTURE)
    run(["git", "add", "factories.py"], tmp_path)
    scan = run([str(DETECT_SECRETS), "scan", "factories.py"], tmp_path)
    baseline = json.loads(scan.stdout)
    for entries in baseline["results"].values():
        for entry in entries:
            entry["is_secret"] = False
    (tmp_path / ".secrets.baseline").write_text(json.dumps(baseline, indent=2))
    return tmp_path


def test_an_audited_baseline_passes(repo: Path) -> None:
    result = check(repo)
    assert result.returncode == 0, result.stderr
    assert "1 audited false positives" in result.stdout


def test_a_new_secret_fails_until_it_is_removed(repo: Path) -> None:
    probe = repo / "settings_local.py"
    # Untracked, not ignored: about to be added.
    probe.write_text('AWS_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLA"\n')  # pragma: allowlist secret

    failed = check(repo)
    probe.unlink()
    passed = check(repo)

    assert failed.returncode == 1
    assert "AWS Access Key" in failed.stdout
    assert "settings_local.py:1" in failed.stdout
    assert passed.returncode == 0


def test_a_known_false_positive_may_move(repo: Path) -> None:
    (repo / "factories.py").write_text("\n\n# moved down\n" + FIXTURE)
    before = (repo / ".secrets.baseline").read_text()

    result = check(repo)

    assert result.returncode == 0, result.stdout + result.stderr
    assert (repo / ".secrets.baseline").read_text() == before


def test_an_unaudited_entry_fails(repo: Path) -> None:
    path = repo / ".secrets.baseline"
    baseline = json.loads(path.read_text())
    del baseline["results"]["factories.py"][0]["is_secret"]
    path.write_text(json.dumps(baseline))

    result = check(repo)

    assert result.returncode == 1
    assert "Not audited as a false positive" in result.stderr
