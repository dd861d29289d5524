"""App config for the editorial pages: wires publish/unpublish to the caches on start-up."""

from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "newsbudget.pages"
    label = "pages"
    verbose_name = "Editorial pages"

    def ready(self) -> None:
        from newsbudget.pages import freshness

        freshness.connect()
