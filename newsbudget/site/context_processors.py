"""Template context every page needs: the site name and the desks for navigation."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def site(request: HttpRequest) -> dict[str, Any]:
    from newsbudget.desks.models import Desk

    return {
        "site_name": settings.SITE_NAME,
        # Lazy: pages that never show the navigation never run the query.
        "nav_desks": SimpleLazyObject(lambda: list(Desk.objects.only("name", "slug"))),
    }
