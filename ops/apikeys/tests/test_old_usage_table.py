"""The contract half of moving usage to ``KeyUsage``: migration 0003 drops the old table.

Forward, ``apikeys_apikeyusage`` is gone; backward to 0002 it is made again
(without its foreign key's constraint, as 0002 had left it) and 0002's reverse
can fill it; forward again drops it again.  On both engines.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from ops.migrationlint.lint import lint

OLD_TABLE = "apikeys_apikeyusage"


def tables() -> set[str]:
    return set(connection.introspection.table_names())


@pytest.mark.django_db(transaction=True)
def test_the_old_usage_table_is_dropped_and_comes_back_when_migrating_back() -> None:
    assert OLD_TABLE not in tables()
    assert "apikeys_keyusage" in tables()

    call_command("migrate", "apikeys", "0002", verbosity=0)
    assert OLD_TABLE in tables()

    call_command("migrate", "apikeys", verbosity=0)
    assert OLD_TABLE not in tables()


def test_the_linter_finds_the_drop_and_accepts_it_for_the_reason_given() -> None:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    contract = ("apikeys", "0003_drop_old_key_usage")

    report = lint(loader, [contract], one_deploy=True, allowlist={})

    [checked] = report.checked
    assert checked.errors, "dropping a table must be an error the marker has to accept"
    assert checked.accepted_because is not None
    assert "unused since 0002" in checked.accepted_because
    assert report.ok
