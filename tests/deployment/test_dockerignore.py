"""The build context leaves out tests, virtualenvs, local state, git and secrets; nothing needed.

Tests inside apps (``ops/*/tests``) are importable packages; leaving them out
is right only while no module the site runs imports one, which is checked here.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.deployment.files import ROOT

RUNTIME_PACKAGES = ("config", "newsbudget", "ops")
LEFT_OUT_PACKAGES = ("tests", "bench", "deploy", "scripts")


def ignored() -> set[str]:
    lines = (ROOT / ".dockerignore").read_text().splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def runtime_modules() -> list[Path]:
    return [
        path
        for package in RUNTIME_PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if "tests" not in path.relative_to(ROOT).parts
    ]


def imported_names(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
    return names


def test_it_leaves_out_tests_virtualenvs_state_git_and_secrets() -> None:
    assert {"tests/", "**/tests/", ".venv", "var/", ".git", ".env"} <= ignored()


def test_it_leaves_out_caches_and_benchmarks() -> None:
    assert {"**/__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache", "bench/"} <= ignored()


def left_out(module: str) -> bool:
    parts = module.split(".")
    return "tests" in parts or parts[0] in LEFT_OUT_PACKAGES


def test_no_module_the_site_runs_imports_what_is_left_out() -> None:
    importing = {
        str(path.relative_to(ROOT)): sorted(filter(left_out, imported_names(path)))
        for path in runtime_modules()
    }

    assert {path: names for path, names in importing.items() if names} == {}


def test_it_keeps_what_the_site_runs() -> None:
    kept = {"config/", "newsbudget/", "ops/", "templates/", "static/", "manage.py", "uv.lock"}

    assert kept & ignored() == set()
