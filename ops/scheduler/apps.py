"""App config for ops.scheduler."""

from django.apps import AppConfig


class SchedulerConfig(AppConfig):
    name = "ops.scheduler"
    label = "scheduler"
    verbose_name = "Scheduler"
