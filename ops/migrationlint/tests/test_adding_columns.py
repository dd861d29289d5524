"""A new column must be nullable or have a database default: old code inserts rows without it."""

from __future__ import annotations

from django.db import migrations, models
from django.db.models.functions import Now

from ops.migrationlint.tests.operations import errors


def test_it_flags_a_not_null_column_without_a_database_default() -> None:
    (message,) = errors(migrations.AddField("story", "slug", models.SlugField(default="x")))

    assert 'adds NOT NULL column "slug" to "news_story" with no database default' in message
    assert "db_default" in message


def test_it_flags_a_not_null_foreign_key() -> None:
    (message,) = errors(
        migrations.AddField(
            "story", "editor", models.ForeignKey("news.Desk", on_delete=models.CASCADE)
        )
    )

    assert '"editor_id"' in message


def test_it_accepts_a_nullable_column() -> None:
    assert errors(migrations.AddField("story", "slug", models.SlugField(null=True))) == []


def test_it_accepts_a_column_with_a_database_default() -> None:
    assert errors(migrations.AddField("story", "slug", models.SlugField(db_default=""))) == []
    assert (
        errors(migrations.AddField("story", "filed", models.DateTimeField(db_default=Now()))) == []
    )


def test_it_accepts_a_many_to_many_field() -> None:
    assert (
        errors(migrations.AddField("story", "related", models.ManyToManyField("news.Story"))) == []
    )


def test_it_accepts_a_generated_column() -> None:
    generated = models.GeneratedField(
        expression=models.F("words") * 2, output_field=models.IntegerField(), db_persist=True
    )

    assert errors(migrations.AddField("story", "doubled", generated)) == []
