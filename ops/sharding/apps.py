"""App config for ops.sharding (its one model is the rebalancer's idempotency marker)."""

from django.apps import AppConfig


class ShardingConfig(AppConfig):
    name = "ops.sharding"
    label = "sharding"
    verbose_name = "Sharding"
    default_auto_field = "django.db.models.BigAutoField"
