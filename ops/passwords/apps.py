"""App config for passwords: registers the check that the breached-password file is usable."""

from django.apps import AppConfig


class PasswordsConfig(AppConfig):
    name = "ops.passwords"
    label = "passwords"
    verbose_name = "Passwords"

    def ready(self) -> None:
        from ops.passwords import checks  # noqa: F401 - registers the check
