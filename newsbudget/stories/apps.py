"""App config for stories: connects the receivers that keep public caches fresh."""

from django.apps import AppConfig


class StoriesConfig(AppConfig):
    name = "newsbudget.stories"
    label = "stories"
    verbose_name = "Stories"

    def ready(self) -> None:
        from newsbudget.stories import freshness

        freshness.connect()
