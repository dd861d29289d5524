"""App config for ops.retention."""

from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "ops.retention"
    label = "retention"
    verbose_name = "Data retention"
