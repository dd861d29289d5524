"""The ``Api-Key`` security scheme in the OpenAPI document (drf-spectacular), on reads only.

Keys only read, so the scheme is listed as an alternative on safe methods
and left off every write, where it would only earn a 403.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from rest_framework.permissions import SAFE_METHODS


class APIKeyScheme(OpenApiAuthenticationExtension):
    target_class = "ops.apikeys.authentication.APIKeyAuthentication"
    match_subclasses = True
    name = "ApiKeyAuth"

    def get_security_requirement(self, auto_schema: AutoSchema) -> Any:
        if auto_schema.method.upper() not in SAFE_METHODS:
            return []
        return {self.name: []}

    def get_security_definition(self, auto_schema: AutoSchema) -> dict[str, Any]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "A partner API key, sent as `Api-Key <key>`. Keys read what an "
            "anonymous reader may read, within the key's rate limit and daily and monthly "
            "quotas (429 with Retry-After beyond them).",
        }
