"""App config for readership."""

from django.apps import AppConfig


class ReadershipConfig(AppConfig):
    name = "newsbudget.readership"
    label = "readership"
    verbose_name = "Readership"
