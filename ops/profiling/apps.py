"""App config for ops.profiling."""

from django.apps import AppConfig


class ProfilingConfig(AppConfig):
    name = "ops.profiling"
    label = "profiling"
    verbose_name = "Profiling"
