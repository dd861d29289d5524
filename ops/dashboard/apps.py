"""App config for ops.dashboard."""

from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "ops.dashboard"
    label = "dashboard"
    verbose_name = "Ops dashboard"
