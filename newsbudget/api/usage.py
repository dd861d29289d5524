"""``GET /api/v1/usage/``: a partner reads its own API key's quotas and usage.

Only a request with an API key has usage to read: anything else is a 401
that says so.  The numbers come from ``ops.apikeys.queries`` — the flushed
rows plus what is still buffered in the cache — so they are current to the
previous request (this one is counted as it completes).  Reading usage is a
request like any other: it counts against the key's limits.
"""

from __future__ import annotations

from typing import Any, NoReturn, cast

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotAuthenticated
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from newsbudget.api.errors import ErrorSerializer, error_responses
from newsbudget.api.views import JSONAPIView, validated
from ops.apikeys.authentication import APIKeyAuthentication, rate_of
from ops.apikeys.models import APIKey
from ops.apikeys.periods import next_day_start, next_month_start
from ops.apikeys.queries import usage_rows, used
from ops.apikeys.quotas import DAILY, MONTHLY, limits

DEFAULT_DAYS, MAX_DAYS = 7, 90
NEEDS_A_KEY = "Usage belongs to an API key: send `Authorization: Api-Key <key>`."


class UsageQuerySerializer(serializers.Serializer[dict[str, Any]]):
    days = serializers.IntegerField(
        min_value=1,
        max_value=MAX_DAYS,
        default=DEFAULT_DAYS,
        help_text="How many UTC days of usage rows, today first.",
    )


class QuotaUsageSerializer(serializers.Serializer[dict[str, Any]]):
    """Requests used in a period, against the key's quota for it."""

    used = serializers.IntegerField(help_text="Requests so far in this period.")
    quota = serializers.IntegerField(allow_null=True, help_text="The limit; null is unlimited.")
    resets_at = serializers.DateTimeField(help_text="When the period (and its count) ends.")


class RateLimitSerializer(serializers.Serializer[dict[str, Any]]):
    requests = serializers.IntegerField()
    per_seconds = serializers.IntegerField()


class UsageDaySerializer(serializers.Serializer[dict[str, Any]]):
    """Requests to one endpoint on one UTC day."""

    day = serializers.DateField()
    endpoint = serializers.CharField(help_text="The endpoint's route name, e.g. story-list.")
    requests = serializers.IntegerField()
    bytes = serializers.IntegerField(source="response_bytes", help_text="Response body bytes sent.")


class UsageSerializer(serializers.Serializer[dict[str, Any]]):
    """An API key's limits and what it has used of them."""

    prefix = serializers.CharField(help_text="The public start of the key.")
    partner = serializers.CharField()
    expires_at = serializers.DateTimeField(allow_null=True)
    rate_limit = RateLimitSerializer()
    today = QuotaUsageSerializer(help_text="This UTC day.")
    this_month = QuotaUsageSerializer(help_text="This calendar month (UTC).")
    days = UsageDaySerializer(many=True, help_text="Usage per day and endpoint, newest first.")


class HasAPIKey(BasePermission):
    message = NEEDS_A_KEY

    def has_permission(self, request: Request, view: Any) -> bool:
        return isinstance(request.auth, APIKey)


@extend_schema(
    summary="Your API key's usage",
    description="The calling key's rate limit, its daily and monthly quotas with what has "
    "been used of them, and requests and bytes per day and endpoint. API keys only.",
    parameters=[
        OpenApiParameter(
            "days",
            OpenApiTypes.INT,
            OpenApiParameter.QUERY,
            description=f"Days of rows, 1 to {MAX_DAYS} (default {DEFAULT_DAYS}).",
        )
    ],
    responses={
        200: UsageSerializer,
        **error_responses(400),
        401: OpenApiResponse(
            response=ErrorSerializer,
            description="No API key, or one that is unknown, revoked or expired.",
        ),
        429: OpenApiResponse(
            response=ErrorSerializer,
            description="Over the key's rate limit or a quota; see Retry-After.",
        ),
    },
)
class UsageView(JSONAPIView):
    """The calling key's quotas and usage."""

    authentication_classes = [APIKeyAuthentication]
    permission_classes = [HasAPIKey]

    def permission_denied(
        self, request: Request, message: str | None = None, code: str | None = None
    ) -> NoReturn:
        raise NotAuthenticated(NEEDS_A_KEY)

    def get(self, request: Request) -> Response:
        days = validated(UsageQuerySerializer(data=request.query_params))["days"]
        key = cast(APIKey, request.auth)
        now = timezone.now()
        totals = used(key_ids=[key.pk], now=now)[key.pk]
        quota = limits(key)
        rate = rate_of(key)
        report = {
            "prefix": key.prefix,
            "partner": key.partner,
            "expires_at": key.expires_at,
            "rate_limit": {"requests": rate.limit, "per_seconds": rate.period},
            "today": {
                "used": totals.today,
                "quota": quota[DAILY] or None,
                "resets_at": next_day_start(now),
            },
            "this_month": {
                "used": totals.month,
                "quota": quota[MONTHLY] or None,
                "resets_at": next_month_start(now),
            },
            "days": usage_rows(key_ids=[key.pk], days=days, now=now),
        }
        return Response(UsageSerializer(report).data)
