"""App config for ops.migrationlint."""

from django.apps import AppConfig


class MigrationLintConfig(AppConfig):
    name = "ops.migrationlint"
    label = "migrationlint"
    verbose_name = "Migration linting"
