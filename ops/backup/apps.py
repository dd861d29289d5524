"""App config for ops.backup."""

from django.apps import AppConfig


class BackupConfig(AppConfig):
    name = "ops.backup"
    label = "backup"
    verbose_name = "Backups"
