"""The API's interactive docs (Swagger UI and ReDoc), served under our Content-Security-Policy.

drf-spectacular's pages start their viewers with inline scripts; our templates
(``api/swagger_ui.html``, ``api/redoc.html``) give those the request's CSP
nonce instead of asking the whole site for ``'unsafe-inline'``.  drf-spectacular
also sends ``Cross-Origin-Opener-Policy: unsafe-none`` with Swagger UI, for
OAuth2 pop-ups; the API signs in with tokens and sessions, never OAuth2, so the
docs keep the site's ``same-origin``.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerView
from rest_framework.request import Request
from rest_framework.response import Response


class SwaggerView(SpectacularSwaggerView):
    """Swagger UI at /api/v1/docs/."""

    template_name = "api/swagger_ui.html"

    @extend_schema(exclude=True)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().get(request, *args, **kwargs)
        # SecurityMiddleware then sets the site's own policy.
        del response.headers["Cross-Origin-Opener-Policy"]
        return response


class RedocView(SpectacularRedocView):
    """ReDoc at /api/v1/redoc/."""

    template_name = "api/redoc.html"
