"""RunSQL and RunPython: a missing reverse is a warning; SQL that drops or renames is an error."""

from __future__ import annotations

from django.db import migrations

from ops.migrationlint.tests.operations import errors, warnings


def copy_headlines(apps: object, schema_editor: object) -> None:
    """A data migration (never run here)."""


def test_it_warns_of_python_without_a_reverse() -> None:
    (message,) = warnings(migrations.RunPython(copy_headlines))

    assert "copy_headlines has no reverse_code" in message
    assert errors(migrations.RunPython(copy_headlines)) == []


def test_it_accepts_python_with_a_reverse() -> None:
    assert warnings(migrations.RunPython(copy_headlines, migrations.RunPython.noop)) == []


def test_it_warns_of_sql_without_a_reverse() -> None:
    (message,) = warnings(migrations.RunSQL("CREATE INDEX story_words ON news_story (words)"))

    assert "has no reverse_sql" in message


def test_it_flags_sql_that_drops_a_column() -> None:
    (message,) = errors(
        migrations.RunSQL(["ALTER TABLE news_story DROP COLUMN summary"], migrations.RunSQL.noop)
    )

    assert "'DROP COLUMN'" in message


def test_it_flags_sql_that_renames_or_constrains() -> None:
    for sql in (
        "ALTER TABLE news_story RENAME TO article",
        "ALTER TABLE news_story RENAME COLUMN summary TO dek",
        "ALTER TABLE news_story ALTER COLUMN summary SET NOT NULL",
        "alter table news_story alter column words type bigint",
        ("DROP TABLE news_story", None),
    ):
        assert len(errors(migrations.RunSQL([sql], migrations.RunSQL.noop))) == 1, sql


def test_it_accepts_sql_that_only_adds() -> None:
    add_index = migrations.RunSQL(
        "CREATE INDEX story_words ON news_story (words)", "DROP INDEX story_words"
    )

    assert errors(add_index) == []
    assert warnings(add_index) == []
