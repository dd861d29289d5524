"""App config for ops.metrics."""

from django.apps import AppConfig


class MetricsConfig(AppConfig):
    name = "ops.metrics"
    label = "metrics"
    verbose_name = "Metrics"
