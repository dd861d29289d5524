"""The gate: no migration in the code breaks the code still running during a rolling deploy.

``lint_migrations --all`` checks every migration on its own; the shipped ones
that do break it are in config/migration_lint_allowlist.toml with a reason.
A new breaking migration fails here first, long before a deploy's release
step would refuse it (see docs/deployment.md, "Migrations in a rolling deploy").
"""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command


def test_every_migration_is_backward_compatible_or_accepted_with_a_reason() -> None:
    out = StringIO()

    call_command("lint_migrations", "--all", stdout=out)

    assert "Checked" in out.getvalue()
