"""WebSocket routes of the budget board, mounted by config/asgi.py under /ws/."""

from __future__ import annotations

from django.urls import path

from newsbudget.budget.consumers import BoardConsumer

websocket_urlpatterns = [
    path("ws/budget/", BoardConsumer.as_asgi(), name="budget-live"),
]
