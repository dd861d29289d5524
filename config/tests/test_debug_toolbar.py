"""django-debug-toolbar runs in development only: never in tests, staging or production."""

from __future__ import annotations

from pathlib import Path

import pytest

from config.tests.fresh_process import run_django

REPORT = """
import django
django.setup()
from django.conf import settings
from django.urls import resolve
print("toolbar", settings.DEBUG_TOOLBAR, "debug_toolbar" in settings.INSTALLED_APPS,
      any("DebugToolbar" in name for name in settings.MIDDLEWARE))
"""


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({"NEWSBUDGET_ENV": "dev"}, "toolbar True True True"),
        ({"NEWSBUDGET_ENV": "dev", "DEBUG": "false"}, "toolbar False False False"),
        ({"NEWSBUDGET_ENV": "test"}, "toolbar False False False"),
    ],
)
def test_the_toolbar_is_on_in_development_with_debug_only(
    tmp_path: Path, environment: dict[str, str], expected: str
) -> None:
    result = run_django(
        tmp_path,
        REPORT,
        PROMETHEUS_MULTIPROC_DIR=str(tmp_path / "metrics"),
        CACHE_URL="locmem://",
        **environment,
    )

    assert result.returncode == 0, result.stderr
    assert expected in result.stdout
