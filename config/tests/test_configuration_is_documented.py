"""Every environment variable the code reads is in docs/configuration.md and .env.example."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
READERS = {
    "config/settings.py": r'env\.\w+\(\s*"([A-Z][A-Z0-9_]+)"',
    "config/gunicorn.conf.py": r'(?:environ\.get|positive_int_from_env)\(\s*"([A-Z][A-Z0-9_]+)"',
    "config/realtime.py": r'(?:environ\.get|positive_int_from_env)\(\s*"([A-Z][A-Z0-9_]+)"',
}


def variables_read_by_the_code() -> set[str]:
    names: set[str] = set()
    for path, pattern in READERS.items():
        names |= set(re.findall(pattern, (ROOT / path).read_text()))
    return names


def test_the_scan_finds_the_variables() -> None:
    assert {"DATABASE_URL", "SECRET_KEY", "WEB_TIMEOUT"} <= variables_read_by_the_code()


def test_every_variable_is_in_the_configuration_reference() -> None:
    reference = (ROOT / "docs/configuration.md").read_text()
    missing = {name for name in variables_read_by_the_code() if f"`{name}`" not in reference}
    assert missing == set()


def test_every_variable_is_in_the_example_env_file() -> None:
    example = (ROOT / ".env.example").read_text()
    missing = {
        name
        for name in variables_read_by_the_code()
        if not re.search(rf"^#? ?{name}=", example, re.MULTILINE)
    }
    assert missing == set()
