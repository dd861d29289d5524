"""Who may call which endpoint, before any service runs.

Endpoint-level checks only: reading is open (what is visible is decided by
``queries.visible_stories``), writing needs a signed-in user, and the budget
is for newsroom staff.  Whether *this* user may change *this* story is decided
by the services through ``newsbudget.stories.policies``, exactly as on the
staff pages.
"""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from newsbudget.stories import policies


class ViewsNewsroom(BasePermission):
    """Newsroom staff (``policies.may_view_newsroom``); 401 for anonymous, 403 for others."""

    message = "Only newsroom staff may see the budget."

    def has_permission(self, request: Request, view: Any) -> bool:
        return policies.may_view_newsroom(request.user)
