"""A breaking migration passes with a reason (a marker or an allowlist entry), never without."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from ops.migrationlint.tests.sample_app import REMOVE_NOTE, SampleApp

pytestmark = pytest.mark.django_db
REASON = "No release since 3f9a2c1 reads Thing.note (removed from the model then)."


def lint(*args: str) -> str:
    out = StringIO()
    call_command("lint_migrations", *args, stdout=out)
    return out.getvalue()


def allowlist(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "allowlist.toml"
    path.write_text(text)
    return path


def test_a_marker_with_a_reason_accepts_it(sample_app: SampleApp) -> None:
    sample_app.write(
        "0002_remove_note", REMOVE_NOTE.format(marker=f"    backward_incompatible_ok = {REASON!r}")
    )
    sample_app.record_applied("0001_initial")

    output = lint()

    assert f"humanize.0002_remove_note: accepted (1 breaking operation(s)): {REASON}" in output


def test_a_marker_without_a_reason_is_refused(sample_app: SampleApp) -> None:
    sample_app.write(
        "0002_remove_note", REMOVE_NOTE.format(marker="    backward_incompatible_ok = True")
    )
    sample_app.record_applied("0001_initial")
    out = StringIO()

    with pytest.raises(CommandError):
        call_command("lint_migrations", stdout=out)

    assert "backward_incompatible_ok must say why" in out.getvalue()


def test_an_allowlist_entry_accepts_it(sample_app: SampleApp, tmp_path: Path) -> None:
    sample_app.write("0002_remove_note", REMOVE_NOTE.format(marker=""))
    sample_app.record_applied("0001_initial")
    path = allowlist(tmp_path, f'[shipped]\n"humanize.0002_remove_note" = "{REASON}"\n')

    with override_settings(MIGRATION_LINT_ALLOWLIST=path):
        assert f"humanize.0002_remove_note: accepted (1 breaking operation(s)): {REASON}" in lint()


def test_an_allowlist_entry_needs_a_reason(sample_app: SampleApp, tmp_path: Path) -> None:
    path = allowlist(tmp_path, '[shipped]\n"humanize.0002_remove_note" = ""\n')

    with (
        override_settings(MIGRATION_LINT_ALLOWLIST=path),
        pytest.raises(CommandError, match="needs a reason"),
    ):
        lint()


def test_an_allowlist_entry_for_no_migration_fails(sample_app: SampleApp, tmp_path: Path) -> None:
    path = allowlist(tmp_path, f'[shipped]\n"humanize.0002_remove_nite" = "{REASON}"\n')
    out = StringIO()

    with override_settings(MIGRATION_LINT_ALLOWLIST=path), pytest.raises(CommandError):
        call_command("lint_migrations", stdout=out)

    assert "names humanize.0002_remove_nite, which is not a migration in the code" in out.getvalue()


def test_an_unneeded_allowlist_entry_is_reported(sample_app: SampleApp, tmp_path: Path) -> None:
    path = allowlist(tmp_path, f'[shipped]\n"humanize.0001_initial" = "{REASON}"\n')

    with override_settings(MIGRATION_LINT_ALLOWLIST=path):
        assert "note: humanize.0001_initial is allowlisted but needs no entry" in lint()
