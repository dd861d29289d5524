"""App config for demo."""

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "newsbudget.demo"
    label = "demo"
