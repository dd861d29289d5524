"""App config for stories."""

from django.apps import AppConfig


class StoriesConfig(AppConfig):
    name = "newsbudget.stories"
    label = "stories"
    verbose_name = "Stories"
