"""The purge backend comes from the environment, and every process refuses a half-configured one.

Each case starts a fresh interpreter and sets Django up, as web, worker and
scheduler do: settings check PURGE_BACKEND's options, and the purge app builds
the backend at start-up.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from config.tests.fresh_process import run_django

PRINT_PURGE = (
    "import json, django; from django.conf import settings; django.setup();"
    "print(json.dumps(settings.PURGE))"
)


def start(tmp_path: Path, **environment: str) -> subprocess.CompletedProcess[str]:
    return run_django(tmp_path, PRINT_PURGE, **{"NEWSBUDGET_ENV": "test", **environment})


def test_it_purges_nothing_unless_told(tmp_path: Path) -> None:
    result = start(tmp_path)

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["BACKEND"] == "ops.purge.backends.null.NullPurge"


def test_cloudflare_reads_its_token_from_a_file(tmp_path: Path) -> None:
    token = tmp_path / "cloudflare-token"
    token.write_text("cf-secret\n")

    result = start(
        tmp_path,
        PURGE_BACKEND="cloudflare",
        CLOUDFLARE_ZONE_ID="zone42",
        CLOUDFLARE_API_TOKEN_FILE=str(token),
        PURGE_TIMEOUT_SECONDS="1.5",
    )

    assert result.returncode == 0, result.stderr
    options = json.loads(result.stdout)["OPTIONS"]
    assert options == {"timeout": 1.5, "zone_id": "zone42", "api_token": "cf-secret"}


def test_cloudflare_without_a_zone_refuses_to_start_and_says_what_is_missing(
    tmp_path: Path,
) -> None:
    result = start(tmp_path, PURGE_BACKEND="cloudflare", CLOUDFLARE_API_TOKEN="cf-secret")

    assert result.returncode != 0
    assert "ImproperlyConfigured: PURGE_BACKEND=cloudflare needs CLOUDFLARE_ZONE_ID" in (
        result.stderr
    )


def test_a_dotted_path_that_is_not_a_backend_stops_the_process_at_start_up(
    tmp_path: Path,
) -> None:
    result = start(tmp_path, PURGE_BACKEND="ops.purge.backends.base.PurgeError")

    assert result.returncode != 0
    assert "is not a PurgeBackend subclass" in result.stderr
