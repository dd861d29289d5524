"""Every flag the code asks about is listed in docs/flags.md, the one place flags are documented."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
USES = re.compile(
    r"""(?:flag_is_active\(\s*\w+\s*,\s*|waffle_flag\(\s*|\{%\s*flag\s+)["']([a-z0-9_]+)["']"""
)


def flags_used_by_the_code() -> set[str]:
    names: set[str] = set()
    for folder in ("newsbudget", "ops", "config", "templates"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in (".py", ".html") and "tests" not in path.parts:
                names |= set(USES.findall(path.read_text()))
    return names


def test_the_scan_recognises_each_way_of_asking() -> None:
    text = """flag_is_active(request, "a_flag") {% flag "b_flag" %} @waffle_flag('c_flag')"""

    assert set(USES.findall(text)) == {"a_flag", "b_flag", "c_flag"}


def test_every_flag_in_use_is_in_the_flags_list() -> None:
    listed = set(re.findall(r"^\| `([a-z0-9_]+)` \|", (ROOT / "docs/flags.md").read_text(), re.M))

    assert "budget_board_live" in listed
    assert flags_used_by_the_code() <= listed
