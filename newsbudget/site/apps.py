"""App config for site."""

from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "newsbudget.site"
    label = "newsroom_site"
