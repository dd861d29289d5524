"""App config for throttle: holds the 429 template and the ``protection_report`` command."""

from django.apps import AppConfig


class ThrottleConfig(AppConfig):
    name = "ops.throttle"
    label = "throttle"
    verbose_name = "Rate limiting"
