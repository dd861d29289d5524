"""The search document table, and each engine's full-text index of it.

SQLite: an FTS5 table over the documents (external content, rowid = story id)
with triggers that keep it in step on insert, update and delete.
PostgreSQL: a GIN index on the weighted ``vector`` column.  Which one is made
depends on ``schema_editor.connection.vendor``; both are new objects, so old
code running during a deploy never sees them.
"""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

COLUMNS = "headline, summary, body, tags, bylines"
NEW = "new.story_id, new.headline, new.summary, new.body, new.tags, new.bylines"
OLD = "old.story_id, old.headline, old.summary, old.body, old.tags, old.bylines"

SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE search_storyfts USING fts5("
    f"{COLUMNS}, content='search_storydocument', content_rowid='story_id', "
    "tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER search_storydocument_ai AFTER INSERT ON search_storydocument BEGIN "
    f"INSERT INTO search_storyfts(rowid, {COLUMNS}) VALUES ({NEW}); END",
    "CREATE TRIGGER search_storydocument_ad AFTER DELETE ON search_storydocument BEGIN "
    f"INSERT INTO search_storyfts(search_storyfts, rowid, {COLUMNS}) VALUES ('delete', {OLD}); "
    "END",
    "CREATE TRIGGER search_storydocument_au AFTER UPDATE ON search_storydocument BEGIN "
    f"INSERT INTO search_storyfts(search_storyfts, rowid, {COLUMNS}) VALUES ('delete', {OLD}); "
    f"INSERT INTO search_storyfts(rowid, {COLUMNS}) VALUES ({NEW}); END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_storydocument_au",
    "DROP TRIGGER IF EXISTS search_storydocument_ad",
    "DROP TRIGGER IF EXISTS search_storydocument_ai",
    "DROP TABLE IF EXISTS search_storyfts",
]
POSTGRES_CREATE = [
    "CREATE INDEX search_doc_vector_gin ON search_storydocument USING gin (vector)",
]
POSTGRES_DROP = ["DROP INDEX IF EXISTS search_doc_vector_gin"]


def statements(schema_editor: BaseDatabaseSchemaEditor, *, create: bool) -> list[str]:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        return SQLITE_CREATE if create else SQLITE_DROP
    if vendor == "postgresql":
        return POSTGRES_CREATE if create else POSTGRES_DROP
    return []


def create_index(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    for sql in statements(schema_editor, create=True):
        schema_editor.execute(sql)


def drop_index(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    for sql in statements(schema_editor, create=False):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("stories", "0002_indexes_for_every_query_shape"),
    ]

    operations = [
        migrations.CreateModel(
            name="StoryDocument",
            fields=[
                (
                    "story",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="stories.story",
                    ),
                ),
                ("headline", models.TextField()),
                ("summary", models.TextField(blank=True)),
                ("body", models.TextField(blank=True)),
                ("tags", models.TextField(blank=True)),
                ("bylines", models.TextField(blank=True)),
                (
                    "vector",
                    django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
                ),
                ("indexed_at", models.DateTimeField(auto_now=True)),
            ],
        ),
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
