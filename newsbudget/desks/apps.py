"""App config for desks."""

from django.apps import AppConfig


class DesksConfig(AppConfig):
    name = "newsbudget.desks"
    label = "desks"
    verbose_name = "Desks"
