"""App config for apikeys: the OpenAPI security scheme, and usage deleted with its key."""

from django.apps import AppConfig, apps


class ApiKeysConfig(AppConfig):
    name = "ops.apikeys"
    label = "apikeys"
    verbose_name = "Partner API keys"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from ops.apikeys.models import APIKey
        from ops.apikeys.signals import delete_usage_of_deleted_key

        post_delete.connect(
            delete_usage_of_deleted_key, sender=APIKey, dispatch_uid="apikeys-delete-usage"
        )
        if apps.is_installed("drf_spectacular"):
            from ops.apikeys import schema  # noqa: F401 - registers the extension
