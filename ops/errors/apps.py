"""App config for ops.errors: listens for failed requests (failed tasks come through telemetry)."""

from django.apps import AppConfig


class ErrorsConfig(AppConfig):
    name = "ops.errors"
    label = "errors"
    verbose_name = "Errors"

    def ready(self) -> None:
        from django.core.signals import got_request_exception

        from ops.errors.receivers import on_request_exception

        got_request_exception.connect(on_request_exception, dispatch_uid="ops.errors.requests")
