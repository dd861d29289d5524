"""App config for experiments (headline A/B tests)."""

from django.apps import AppConfig


class ExperimentsConfig(AppConfig):
    name = "newsbudget.experiments"
    label = "experiments"
    verbose_name = "Headline tests"
