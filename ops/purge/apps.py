"""App config for purge: builds the configured backend once at start-up, so a bad setting stops
every process (web, worker, scheduler) with a clear message instead of failing the first purge."""

from django.apps import AppConfig


class PurgeConfig(AppConfig):
    name = "ops.purge"
    label = "purge"
    verbose_name = "Upstream cache purge"

    def ready(self) -> None:
        from ops.purge.backends import load_backend

        load_backend()
