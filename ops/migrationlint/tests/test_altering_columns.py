"""Making a column NOT NULL or changing its type is an error; widening it or the like is not."""

from __future__ import annotations

from django.db import migrations, models

from ops.migrationlint.tests.operations import errors


def test_it_flags_making_a_column_not_null() -> None:
    (message,) = errors(migrations.AlterField("story", "summary", models.TextField(default="")))

    assert 'makes column "summary" of "news_story" NOT NULL' in message


def test_it_flags_changing_a_column_type() -> None:
    (message,) = errors(migrations.AlterField("story", "words", models.CharField(max_length=10)))

    assert 'changes the type of column "words"' in message
    assert "IntegerField() to CharField(max_length=10)" in message


def test_it_flags_narrowing_a_column() -> None:
    (message,) = errors(migrations.AlterField("story", "headline", models.CharField(max_length=50)))

    assert "CharField(max_length=100) to CharField(max_length=50)" in message


def test_it_flags_pointing_a_foreign_key_at_another_table() -> None:
    (message,) = errors(
        migrations.AlterField(
            "story", "desk", models.ForeignKey("news.Story", on_delete=models.CASCADE)
        )
    )

    assert 'changes the type of column "desk_id"' in message


def test_it_accepts_widening_a_column() -> None:
    assert (
        errors(migrations.AlterField("story", "headline", models.CharField(max_length=200))) == []
    )
    assert errors(migrations.AlterField("story", "headline", models.TextField())) == []
    assert errors(migrations.AlterField("story", "words", models.BigIntegerField(default=0))) == []


def test_it_accepts_making_a_column_nullable() -> None:
    assert (
        errors(
            migrations.AlterField("story", "headline", models.CharField(max_length=100, null=True))
        )
        == []
    )


def test_it_accepts_changes_that_never_reach_the_database() -> None:
    choices = models.IntegerField(default=0, choices=[(0, "none")], help_text="How long.")

    assert errors(migrations.AlterField("story", "words", choices)) == []
