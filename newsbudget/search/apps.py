"""App config for search: connects the receivers that keep the search index current."""

from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "newsbudget.search"
    label = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        from newsbudget.search import indexing

        indexing.connect()
