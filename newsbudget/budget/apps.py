"""App config for budget."""

from django.apps import AppConfig


class BudgetConfig(AppConfig):
    name = "newsbudget.budget"
    label = "budget"
