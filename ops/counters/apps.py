"""App config for ops.counters."""

from django.apps import AppConfig


class CountersConfig(AppConfig):
    name = "ops.counters"
    label = "counters"
    verbose_name = "Buffered counters"
