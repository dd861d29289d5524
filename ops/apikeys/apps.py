"""App config for apikeys: registers the OpenAPI security scheme if drf-spectacular is installed."""

from django.apps import AppConfig, apps


class ApiKeysConfig(AppConfig):
    name = "ops.apikeys"
    label = "apikeys"
    verbose_name = "Partner API keys"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        if apps.is_installed("drf_spectacular"):
            from ops.apikeys import schema  # noqa: F401 - registers the extension
