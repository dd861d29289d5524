"""The budget board, mounted at /newsroom/budget/: today, any day by ISO date, and moves."""

from __future__ import annotations

import datetime

from django.urls import path, register_converter

from newsbudget.budget import views


class BudgetDayConverter:
    """``YYYY-MM-DD`` to a ``date``; a well-shaped but impossible day (2026-13-45) is a 404."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> datetime.date:
        return datetime.date.fromisoformat(value)  # ValueError → the URL does not match → 404

    def to_url(self, value: datetime.date | str) -> str:
        return value.isoformat() if isinstance(value, datetime.date) else str(value)


register_converter(BudgetDayConverter, "budget_day")

app_name = "budget"

urlpatterns = [
    path("", views.today, name="today"),
    path("<budget_day:day>/", views.day, name="day"),
    path("stories/<int:pk>/move/", views.move, name="move"),
]
