"""Partner API keys (stored as digests) and their usage per key, UTC day and endpoint (sharded)."""

from __future__ import annotations

import datetime
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from ops.sharding.placement import ShardedBy
from ops.throttle.rates import Rate


def validate_rate(value: str) -> None:
    """A rate such as ``600/m`` (``ops.throttle.rates``), or nothing."""
    if value:
        try:
            Rate.parse(value)
        except ValueError as error:
            raise ValidationError(str(error)) from None


class APIKey(models.Model):
    """A key issued to a partner; the key itself is never stored (see ``keys``)."""

    partner = models.CharField(max_length=200, help_text="Who the key is for.")
    contact_email = models.EmailField(
        blank=True, help_text="Who to tell before the key is revoked or expires."
    )
    prefix = models.CharField(
        max_length=20,
        unique=True,
        editable=False,
        help_text="The public start of the key, shown in the admin and the logs.",
    )
    hashed_key = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField(
        null=True, blank=True, help_text="Empty: the key works until it is revoked."
    )
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    daily_quota = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Requests per UTC day. Empty: the site's default; 0: unlimited.",
    )
    monthly_quota = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Requests per calendar month (UTC). Empty: the site's default; 0: unlimited.",
    )
    rate = models.CharField(
        max_length=20,
        blank=True,
        validators=[validate_rate],
        help_text="Its own rate limit, such as 600/m or 20/s. Empty: the site's default.",
    )

    class Meta:
        verbose_name = "API key"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.prefix} ({self.partner})"

    def clean(self) -> None:
        if self._state.adding and self.expires_at and self.expires_at <= timezone.now():
            raise ValidationError({"expires_at": "A new key must expire in the future."})

    def has_expired(self, now: datetime.datetime) -> bool:
        return self.expires_at is not None and self.expires_at <= now

    def state(self, now: datetime.datetime) -> str:
        """``revoked``, ``expired`` or ``active``."""
        if self.revoked_at is not None:
            return "revoked"
        return "expired" if self.has_expired(now) else "active"


class KeyUsage(models.Model):
    """How many requests a key made to one endpoint on one UTC day, and how many bytes it got.

    The one high-volume table of the site (a row per key, endpoint and day,
    rewritten every minute by the flush), so it is **sharded by key**
    (``ops.sharding``, docs/sharding.md): every row of a key lives on the
    shard that owns ``key_id``, so a partner's quota and usage are read from
    one database, and reports over every key fan out to the shards.  Hence
    ``key_id`` is a plain number and not a foreign key: a row may live on
    another database than its ``APIKey``, where no constraint can reach it.
    Deleting a key deletes its usage (``signals``).
    """

    sharding: ClassVar[ShardedBy] = ShardedBy(
        key="key_id",
        identity=("key_id", "day", "endpoint"),
        additive=("count", "response_bytes"),
    )

    key_id = models.BigIntegerField(help_text="The API key (its id; keys live on default).")
    day = models.DateField()
    endpoint = models.CharField(max_length=100, help_text="The URL route name.")
    count = models.PositiveBigIntegerField(default=0)
    response_bytes = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "API key usage"
        verbose_name_plural = "API key usage"
        ordering = ["-day", "key_id", "endpoint"]
        constraints = [
            # Also the index of a key's rows, and of the rebalancer's DISTINCT key_id.
            models.UniqueConstraint(
                fields=["key_id", "day", "endpoint"], name="apikeys_keyusage_one_per_day_endpoint"
            )
        ]
        indexes = [models.Index(fields=["day"], name="apikeys_keyusage_day")]

    def __str__(self) -> str:
        return f"{self.key_id} {self.day} {self.endpoint}: {self.count}"
