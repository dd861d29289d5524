"""App config for ops.health."""

from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "ops.health"
    label = "health"
    verbose_name = "Health"
