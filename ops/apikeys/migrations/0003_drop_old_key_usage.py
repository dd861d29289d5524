"""Contract: the old usage table goes, one release after usage moved to ``KeyUsage`` (0002).

0002 was the *expand* half: it made and filled ``KeyUsage`` and left
``apikeys_apikeyusage`` for the release that was still serving during that
deploy (docs/sharding.md).  No release since 0002 reads or writes it, so this
one drops it.  The model is put back in the migration state first (state
only, as 0002 left the table: its foreign key without a constraint), so that
``DeleteModel`` can drop it on every engine and, migrating back, make it
again for 0002's reverse to fill.  On shards the router never had the table
(it is not sharded), so nothing runs there.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    backward_incompatible_ok = (
        "apikeys_apikeyusage has been unused since 0002 removed its model: only releases "
        "before 0002 wrote it, and none of them is running nor a rollback target."
    )

    dependencies = [
        ("apikeys", "0002_sharded_key_usage"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="APIKeyUsage",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("day", models.DateField()),
                        ("endpoint", models.CharField(help_text="The URL route name.", max_length=100)),
                        ("count", models.PositiveBigIntegerField(default=0)),
                        ("response_bytes", models.PositiveBigIntegerField(default=0)),
                        (
                            "key",
                            models.ForeignKey(
                                db_constraint=False,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="usage",
                                to="apikeys.apikey",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "API key usage",
                        "verbose_name_plural": "API key usage",
                        "ordering": ["-day", "key", "endpoint"],
                        "indexes": [models.Index(fields=["day"], name="apikeys_usage_day")],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("key", "day", "endpoint"),
                                name="apikeys_usage_one_row_per_key_day_endpoint",
                            )
                        ],
                    },
                ),
            ],
        ),
        migrations.DeleteModel(name="APIKeyUsage"),
    ]
