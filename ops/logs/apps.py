"""App config for ops.logs."""

from django.apps import AppConfig


class LogsConfig(AppConfig):
    name = "ops.logs"
    label = "logs"
    verbose_name = "Logs"
