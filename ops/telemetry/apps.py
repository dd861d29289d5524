"""App config for ops.telemetry: counts queries on every connection and follows task runs."""

from django.apps import AppConfig


class TelemetryConfig(AppConfig):
    name = "ops.telemetry"
    label = "telemetry"
    verbose_name = "Telemetry"

    def ready(self) -> None:
        from ops.telemetry import measure, taskruns

        measure.connect()
        taskruns.connect()
