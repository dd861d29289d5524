"""App config for reports."""

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "newsbudget.reports"
    label = "reports"
