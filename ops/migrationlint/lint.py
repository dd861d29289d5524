"""Which migrations to check, and which of their problems are acknowledged.

The migrations are walked in the order ``migrate`` would apply them, the
project state carried along (without rendering models, so a walk of every
migration of every app takes well under a second); the ones being checked go
through ``rules.Checker`` operation by operation.

Two ways to accept a problem, each with a reason that a reviewer reads:

- ``backward_incompatible_ok = "why"`` on the ``Migration`` class: the
  contract half of an expand/contract change, written once no running
  release needs what it removes;
- an entry in the allowlist file (``MIGRATION_LINT_ALLOWLIST``, TOML,
  ``"app.migration" = "why"``): migrations that had shipped before this check
  existed, and third-party ones we cannot mark.

An allowlist entry for a migration that does not exist is an error (a typo
would silently accept nothing); one for a migration with nothing to accept is
reported, so the list only shrinks.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from django.db.migrations import Migration
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.state import ProjectState

from ops.migrationlint.rules import Checker, Finding, ModelKey

MARKER = "backward_incompatible_ok"
MigrationKey = tuple[str, str]


@dataclass(frozen=True)
class Checked:
    """One migration's findings, and the reason they are accepted, if they are."""

    key: MigrationKey
    findings: list[Finding]
    accepted_because: str | None = None

    @property
    def label(self) -> str:
        return ".".join(self.key)

    @property
    def errors(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.severity == "warning"]

    @property
    def failing(self) -> bool:
        return bool(self.errors) and self.accepted_because is None


@dataclass
class Report:
    checked: list[Checked] = field(default_factory=list)
    configuration_errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def failing(self) -> list[Checked]:
        return [migration for migration in self.checked if migration.failing]

    @property
    def ok(self) -> bool:
        return not self.failing and not self.configuration_errors


class AllowlistError(ValueError):
    """The allowlist file cannot be read or has an entry without a reason."""


def read_allowlist(path: Path | None) -> dict[str, str]:
    """``{"app.migration": "reason"}`` from the TOML file's ``[shipped]`` table."""
    if path is None:
        return {}
    try:
        table = tomllib.loads(Path(path).read_text()).get("shipped", {})
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise AllowlistError(f"cannot read the migration allowlist {path}: {error}") from error
    for name, reason in table.items():
        if not isinstance(reason, str) or not reason.strip():
            raise AllowlistError(f"{path}: {name!r} needs a reason (a non-empty string)")
    return dict(table)


def plan_of_everything(loader: MigrationLoader) -> list[MigrationKey]:
    """Every migration in the code, in the order ``migrate`` applies them."""
    plan: list[MigrationKey] = []
    seen: set[MigrationKey] = set()
    for leaf in sorted(loader.graph.leaf_nodes()):
        for key in loader.graph.forwards_plan(leaf):
            if key not in seen:
                seen.add(key)
                plan.append(key)
    return plan


def unapplied(loader: MigrationLoader) -> list[MigrationKey]:
    """The migrations ``migrate`` would apply to the loader's database, in order."""
    applied = loader.applied_migrations or {}
    return [key for key in plan_of_everything(loader) if key not in applied]


def lint(
    loader: MigrationLoader,
    targets: Iterable[MigrationKey],
    *,
    one_deploy: bool,
    allowlist: Mapping[str, str],
) -> Report:
    """Check ``targets``: as one deploy (tables any of them create are new), or each alone."""
    wanted = set(targets)
    report = Report()
    state = ProjectState(real_apps=loader.unmigrated_apps)
    created: set[ModelKey] = set()
    for key in plan_of_everything(loader):
        migration = loader.graph.nodes[key]
        if key not in wanted:
            migration.mutate_state(state, preserve=False)
            continue
        if not one_deploy:
            created = set()
        findings = Checker(state, created).run(migration.app_label, migration.operations)
        reason = acceptance(migration, allowlist, report)
        report.checked.append(Checked(key, findings, reason))
    check_allowlist(loader, report, allowlist)
    return report


def acceptance(migration: Migration, allowlist: Mapping[str, str], report: Report) -> str | None:
    label = f"{migration.app_label}.{migration.name}"
    marker = getattr(migration, MARKER, None)
    if marker is not None and not (isinstance(marker, str) and marker.strip()):
        report.configuration_errors.append(
            f"{label}: {MARKER} must say why breaking the running code is safe now "
            f"(a sentence), got {marker!r}"
        )
        return None
    return marker or allowlist.get(label)


def check_allowlist(loader: MigrationLoader, report: Report, allowlist: Mapping[str, str]) -> None:
    for label in allowlist:
        app_label, _, name = label.partition(".")
        if (app_label, name) not in loader.graph.nodes:
            report.configuration_errors.append(
                f"the allowlist names {label}, which is not a migration in the code"
            )
    for migration in report.checked:
        if migration.label in allowlist and not migration.errors:
            report.notes.append(f"{migration.label} is allowlisted but needs no entry")
