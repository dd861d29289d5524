"""App config for bots."""

from django.apps import AppConfig


class BotsConfig(AppConfig):
    name = "ops.bots"
    label = "bots"
    verbose_name = "Bots and spiders"
