"""Usage moves to ``KeyUsage``, a table that can be sharded by key (docs/sharding.md).

``APIKeyUsage.key`` was a foreign key, whose constraint cannot exist on a
shard (the keys stay on default).  A new table, born without it, replaces it:
created on default and on every shard (``ops.sharding.router``), the rows
copied on default (in batches, ``key_id`` kept).  The old table stays for the
release that is still running during the deploy (see the last operation).  With
sharding on, ``rebalance_shards`` then moves the copied rows to their shards.
"""

from typing import Any

from django.db import migrations, models

BATCH = 5000


def copy_usage(apps: Any, schema_editor: Any) -> None:
    alias = schema_editor.connection.alias
    old = apps.get_model("apikeys", "APIKeyUsage").objects.using(alias)
    new = apps.get_model("apikeys", "KeyUsage")
    last = 0
    while batch := list(old.filter(pk__gt=last).order_by("pk")[:BATCH]):
        new.objects.using(alias).bulk_create(
            new(
                key_id=row.key_id,
                day=row.day,
                endpoint=row.endpoint,
                count=row.count,
                response_bytes=row.response_bytes,
            )
            for row in batch
        )
        last = batch[-1].pk


def copy_usage_back(apps: Any, schema_editor: Any) -> None:
    alias = schema_editor.connection.alias
    old = apps.get_model("apikeys", "APIKeyUsage")
    known = set(apps.get_model("apikeys", "APIKey").objects.using(alias).values_list("pk", flat=True))
    rows = apps.get_model("apikeys", "KeyUsage").objects.using(alias).order_by("pk")
    old.objects.using(alias).all().delete()  # the table was kept: KeyUsage holds the truth
    old.objects.using(alias).bulk_create(
        (
            old(
                key_id=row.key_id,
                day=row.day,
                endpoint=row.endpoint,
                count=row.count,
                response_bytes=row.response_bytes,
            )
            for row in rows.iterator(chunk_size=BATCH)
            if row.key_id in known
        ),
        batch_size=BATCH,
    )


class Migration(migrations.Migration):

    dependencies = [
        ("apikeys", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="KeyUsage",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key_id", models.BigIntegerField(help_text="The API key (its id; keys live on default).")),
                ("day", models.DateField()),
                ("endpoint", models.CharField(help_text="The URL route name.", max_length=100)),
                ("count", models.PositiveBigIntegerField(default=0)),
                ("response_bytes", models.PositiveBigIntegerField(default=0)),
            ],
            options={
                "verbose_name": "API key usage",
                "verbose_name_plural": "API key usage",
                "ordering": ["-day", "key_id", "endpoint"],
                "indexes": [models.Index(fields=["day"], name="apikeys_keyusage_day")],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("key_id", "day", "endpoint"),
                        name="apikeys_keyusage_one_per_day_endpoint",
                    )
                ],
            },
        ),
        migrations.RunPython(copy_usage, copy_usage_back, elidable=True),
        # Expand, not contract: the release still serving during the rolling deploy reads and
        # writes the old table until its nodes are replaced, so the table stays (only the
        # model leaves the code); its foreign key goes, or deleting a key that has old rows
        # would fail.  A later release drops the table (docs/sharding.md).
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterField(
                    model_name="apikeyusage",
                    name="key",
                    field=models.ForeignKey(
                        db_constraint=False,
                        on_delete=models.DO_NOTHING,
                        related_name="usage",
                        to="apikeys.apikey",
                    ),
                ),
            ],
            state_operations=[migrations.DeleteModel(name="APIKeyUsage")],
        ),
    ]
