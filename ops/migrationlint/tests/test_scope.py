"""By default the command checks what the next migrate would apply; --all checks everything."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from ops.migrationlint.tests.sample_app import REMOVE_NOTE, SampleApp

pytestmark = pytest.mark.django_db


def lint(*args: str) -> str:
    out = StringIO()
    call_command("lint_migrations", *args, stdout=out)
    return out.getvalue()


def test_it_fails_on_an_unapplied_breaking_migration(sample_app: SampleApp) -> None:
    sample_app.write("0002_remove_note", REMOVE_NOTE.format(marker=""))
    sample_app.record_applied("0001_initial")

    with pytest.raises(CommandError) as failure:
        lint()

    assert failure.value.returncode == 1
    assert "humanize.0002_remove_note" in str(failure.value)
    assert "backward_incompatible_ok" in str(failure.value)


def test_it_says_what_each_problem_is(sample_app: SampleApp) -> None:
    sample_app.write("0002_remove_note", REMOVE_NOTE.format(marker=""))
    sample_app.record_applied("0001_initial")
    out = StringIO()

    with pytest.raises(CommandError):
        call_command("lint_migrations", stdout=out)

    assert (
        'humanize.0002_remove_note: error: RemoveField Thing.note drops column "note" of '
        '"humanize_thing"' in out.getvalue()
    )


def test_it_ignores_breaking_migrations_already_applied(sample_app: SampleApp) -> None:
    sample_app.write("0002_remove_note", REMOVE_NOTE.format(marker=""))
    sample_app.record_applied("0001_initial", "0002_remove_note")

    assert "Checked 0 migration(s) not yet applied to database 'default'." in lint()


def test_it_accepts_dropping_what_the_same_deploy_creates(sample_app: SampleApp) -> None:
    sample_app.write("0002_remove_note", REMOVE_NOTE.format(marker=""))

    assert "Checked 2 migration(s) not yet applied" in lint()


def test_all_checks_applied_migrations_too(sample_app: SampleApp) -> None:
    sample_app.write("0002_remove_note", REMOVE_NOTE.format(marker=""))
    sample_app.record_applied("0001_initial", "0002_remove_note")

    with pytest.raises(CommandError, match=r"humanize\.0002_remove_note"):
        lint("--all")


def test_it_passes_a_database_with_nothing_applied() -> None:
    MigrationRecorder(connection).migration_qs.all().delete()

    assert "The database has no migrations applied" in lint()
