"""``manage.py lint_migrations``: would the migrations about to run break the code still running?

By default it checks the migrations not yet applied to the database — what
``migrate`` in this deploy's release step is about to run, all together (a
table one of them creates is new to the old code too).  ``--all`` checks
every migration in the code, each on its own, as the test suite's gate does.
Exit status 1 with one line per problem; warnings alone exit 0.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader

from ops.migrationlint.lint import (
    MARKER,
    AllowlistError,
    Report,
    lint,
    plan_of_everything,
    read_allowlist,
    unapplied,
)


class Command(BaseCommand):
    help = (
        "Flag migrations that are not backward compatible with the code still running during "
        "a rolling deploy (by default the ones not yet applied; --all for every one)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--all",
            action="store_true",
            help="check every migration in the code (each on its own), not only unapplied ones",
        )
        parser.add_argument(
            "--database",
            default=DEFAULT_DB_ALIAS,
            help="the database whose unapplied migrations are checked",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        allowlist_path = getattr(settings, "MIGRATION_LINT_ALLOWLIST", None)
        try:
            allowlist = read_allowlist(Path(allowlist_path) if allowlist_path else None)
        except AllowlistError as error:
            raise CommandError(str(error)) from None
        if options["all"]:
            loader = MigrationLoader(None, ignore_no_migrations=True)
            targets = plan_of_everything(loader)
            scope = "in the code"
        else:
            loader = MigrationLoader(connections[options["database"]])
            if not loader.applied_migrations:
                self.stdout.write(
                    "The database has no migrations applied: no running code uses it yet, "
                    "so nothing can break."
                )
                return
            targets = unapplied(loader)
            scope = f"not yet applied to database {options['database']!r}"
        report = lint(loader, targets, one_deploy=not options["all"], allowlist=allowlist)
        # A deploy's log shows every accepted migration and why; --all lists them at -v 2.
        self.write(report, scope, show_accepted=not options["all"] or options["verbosity"] > 1)

    def write(self, report: Report, scope: str, *, show_accepted: bool) -> None:
        for migration in report.checked:
            for finding in migration.findings:
                if finding.severity == "error" and migration.accepted_because:
                    continue
                self.stdout.write(
                    f"{migration.label}: {finding.severity}: {finding.operation} {finding.message}"
                )
            if migration.errors and migration.accepted_because and show_accepted:
                self.stdout.write(
                    f"{migration.label}: accepted ({len(migration.errors)} breaking "
                    f"operation(s)): {migration.accepted_because}"
                )
        for note in report.notes:
            self.stdout.write(f"note: {note}")
        for problem in report.configuration_errors:
            self.stdout.write(f"error: {problem}")
        self.stdout.write(f"Checked {len(report.checked)} migration(s) {scope}.")
        if report.ok:
            return
        failing = report.failing
        raise CommandError(
            f"{len(failing)} migration(s) would break the code still running during a rolling "
            f"deploy{': ' + ', '.join(m.label for m in failing) if failing else ''}"
            f"{'; the allowlist or a marker is wrong' if report.configuration_errors else ''}. "
            f"Make the change in two releases (expand/contract), or, for the second half, "
            f'say why it is safe with {MARKER} = "..." on the Migration class.',
            returncode=1,
        )
