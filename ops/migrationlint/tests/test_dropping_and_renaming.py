"""Dropping or renaming a column or table old code uses is an error; keeping its name is not."""

from __future__ import annotations

from django.db import migrations, models

from ops.migrationlint.tests.operations import errors


def test_it_flags_removing_a_field() -> None:
    (message,) = errors(migrations.RemoveField("story", "summary"))

    assert 'drops column "summary" of "news_story"' in message
    assert "expand/contract" in message


def test_it_flags_removing_a_foreign_key_by_its_column() -> None:
    (message,) = errors(migrations.RemoveField("story", "desk"))

    assert 'drops column "desk_id"' in message


def test_it_flags_removing_a_many_to_many_field() -> None:
    (message,) = errors(migrations.RemoveField("story", "tags"))

    assert "drops the join table of tags" in message


def test_it_accepts_removing_a_field_from_the_state_only() -> None:
    state_only = migrations.SeparateDatabaseAndState(
        state_operations=[migrations.RemoveField("story", "summary")]
    )

    assert errors(state_only) == []


def test_it_checks_the_database_half_of_separate_database_and_state() -> None:
    both = migrations.SeparateDatabaseAndState(
        database_operations=[migrations.RemoveField("story", "summary")]
    )

    assert len(errors(both)) == 1


def test_it_flags_deleting_a_model() -> None:
    (message,) = errors(migrations.DeleteModel("Story"))

    assert 'drops table "news_story"' in message


def test_it_accepts_deleting_a_model_without_a_table() -> None:
    unmanaged = migrations.CreateModel(
        "Report", fields=[("id", models.BigAutoField(primary_key=True))], options={"managed": False}
    )

    assert errors(unmanaged, migrations.DeleteModel("Report")) == []


def test_it_flags_renaming_a_field() -> None:
    (message,) = errors(migrations.RenameField("story", "summary", "standfirst"))

    assert 'renames column "summary" of "news_story" to "standfirst"' in message


def test_it_accepts_renaming_a_field_that_keeps_its_column() -> None:
    pin_column = migrations.AlterField(
        "story", "summary", models.TextField(null=True, db_column="summary")
    )
    rename = migrations.RenameField("story", "summary", "standfirst")

    assert errors(pin_column, rename) == []


def test_it_flags_changing_a_column_name() -> None:
    (message,) = errors(
        migrations.AlterField("story", "summary", models.TextField(null=True, db_column="dek"))
    )

    assert 'renames column "summary" of "news_story" to "dek"' in message


def test_it_flags_renaming_a_model() -> None:
    (message,) = errors(migrations.RenameModel("Story", "Article"))

    assert 'renames table "news_story" to "news_article"' in message


def test_it_accepts_renaming_a_model_that_keeps_its_table() -> None:
    pin_table = migrations.AlterModelTable("story", "news_story")
    rename = migrations.RenameModel("Story", "Article")

    assert errors(pin_table, rename) == []


def test_it_flags_moving_a_model_to_another_table() -> None:
    (message,) = errors(migrations.AlterModelTable("story", "stories"))

    assert 'renames table "news_story" to "stories"' in message


def test_it_accepts_anything_on_a_table_the_same_deploy_creates() -> None:
    create = migrations.CreateModel(
        "Draft",
        fields=[("id", models.BigAutoField(primary_key=True)), ("body", models.TextField())],
    )
    drop_column = migrations.RemoveField("draft", "body")

    assert errors(create, drop_column, migrations.DeleteModel("Draft")) == []
