"""The rebalancer's marker: which source row was merged into this database, and how much of it.

A move copies a row to its new shard and then deletes it from the old one;
the two databases cannot share a transaction.  The marker is written in the
*target's* transaction, with the copy, so after a crash between the copy and
the delete a re-run finds it and does not copy again (or copies only what the
source row gained since).  See ``ops.sharding.rebalance``.
"""

from __future__ import annotations

from django.db import models


class MovedRow(models.Model):
    """Row ``source_pk`` of ``model`` on database ``source`` was merged here (``merged`` values)."""

    model = models.CharField(max_length=100, help_text="The sharded model, app_label.model_name.")
    source = models.CharField(max_length=100, help_text="The database the row came from.")
    source_pk = models.BigIntegerField()
    merged = models.JSONField(default=dict, help_text="The additive values merged so far.")
    moved_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["model", "source", "source_pk"], name="sharding_moved_row_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.model} {self.source}#{self.source_pk}"
