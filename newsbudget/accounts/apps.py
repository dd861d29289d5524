"""App config: keeps the role groups in step with the code after every migrate, and the 2FA flag
in step with each account's authenticators."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "newsbudget.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from newsbudget.accounts import twofactor
        from newsbudget.accounts.roles import sync_roles_after_migrate

        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="newsbudget-sync-roles")
        twofactor.connect()
