"""One error format for every API failure, and the one handler that produces it.

Every 4xx response of the API has the same body, so a client needs one code path::

    {"error": {"status": 400, "code": "invalid",
               "message": "Some fields are invalid: headline.",
               "fields": {"headline": ["This field may not be blank."]}}}

``fields`` is present only on validation errors; nested input is flattened to
dotted names (``location.latitude``, ``tags.2``) so every value is a list of
sentences.  The domain errors the services raise are mapped here and nowhere
else (HackSoft's "one place maps domain errors to HTTP"):

- ``django.core.exceptions.ValidationError`` → 400 ``invalid`` (with ``fields``)
- ``NotPermitted`` / ``PermissionDenied`` → 403 ``permission_denied``
- ``IllegalTransition`` → 409 ``illegal_transition``
- ``Http404`` → 404 ``not_found``

DRF's own exceptions (401, 405, 415, 429, malformed JSON, …) keep their status
and code and get the same envelope.  Anything else is a bug and is left to
Django's 500 handling.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import set_rollback

from newsbudget.stories.errors import IllegalTransition

NON_FIELD = api_settings.NON_FIELD_ERRORS_KEY

MODEL_TO_API_FIELDS = {
    NON_FIELD_ERRORS: NON_FIELD,
    "location_name": "location.name",
    "latitude": "location.latitude",
    "longitude": "location.longitude",
}
"""Model field names (in errors raised by ``full_clean`` in the services) as the API names them."""


class Conflict(exceptions.APIException):
    """The request is well-formed but the resource's current state does not allow it."""

    status_code = 409
    default_detail = "The request conflicts with the current state of the resource."
    default_code = "illegal_transition"


def exception_handler(exc: Exception, context: Mapping[str, Any]) -> Response | None:
    """DRF's ``EXCEPTION_HANDLER``: any known error becomes ``{"error": {...}}``; None means 500."""
    api_exc = as_api_exception(exc)
    if api_exc is None:
        return None
    headers = {}
    auth_header = getattr(api_exc, "auth_header", None)
    if auth_header:
        headers["WWW-Authenticate"] = auth_header
    wait = getattr(api_exc, "wait", None)
    if wait:
        headers["Retry-After"] = str(int(wait))
    set_rollback()
    return Response(error_body(api_exc), status=api_exc.status_code, headers=headers)


def as_api_exception(exc: Exception) -> exceptions.APIException | None:
    """The DRF exception that stands for ``exc``, or None for an unexpected error."""
    if isinstance(exc, exceptions.APIException):
        return exc
    if isinstance(exc, Http404):
        return exceptions.NotFound(str(exc) or None)
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(str(exc) or None)
    if isinstance(exc, IllegalTransition):
        return Conflict(str(exc) or None)
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(django_error_detail(exc))
    return None


def django_error_detail(error: DjangoValidationError) -> dict[str, list[str]]:
    """A Django ValidationError's messages keyed by API field name."""
    if not hasattr(error, "error_dict"):
        return {NON_FIELD: list(error.messages)}
    return {
        MODEL_TO_API_FIELDS.get(field, field): messages
        for field, messages in error.message_dict.items()
    }


def error_body(exc: exceptions.APIException) -> dict[str, Any]:
    """The envelope for ``exc``: status, a short code, a sentence and (for 400s) the fields."""
    if isinstance(exc, exceptions.ValidationError):
        fields = flatten_errors(exc.detail)
        body: dict[str, Any] = {
            "status": exc.status_code,
            "code": "invalid",
            "message": validation_message(fields),
            "fields": fields,
        }
        return {"error": body}
    codes = exc.get_codes()
    return {
        "error": {
            "status": exc.status_code,
            "code": codes if isinstance(codes, str) else exc.default_code,
            "message": str(exc.detail),
        }
    }


def flatten_errors(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """Nested DRF error details as ``{"dotted.name": [messages]}``.

    >>> flatten_errors({"location": {"latitude": ["Too big."]}, "tags": {2: ["Too long."]}})
    {'location.latitude': ['Too big.'], 'tags.2': ['Too long.']}
    >>> flatten_errors(["Expected a dictionary."])
    {'non_field_errors': ['Expected a dictionary.']}
    """
    flat: dict[str, list[str]] = {}
    if isinstance(detail, Mapping):
        for key, value in detail.items():
            if key == NON_FIELD:
                name = prefix or NON_FIELD
            else:
                name = f"{prefix}.{key}" if prefix else str(key)
            for field, messages in flatten_errors(value, name).items():
                flat.setdefault(field, []).extend(messages)
    elif isinstance(detail, list | tuple) and any(
        isinstance(item, Mapping | list | tuple) for item in detail
    ):
        for index, item in enumerate(detail):
            for field, messages in flatten_errors(item, f"{prefix}.{index}").items():
                flat.setdefault(field, []).extend(messages)
    elif isinstance(detail, list | tuple):
        flat[prefix or NON_FIELD] = [str(message) for message in detail]
    else:
        flat[prefix or NON_FIELD] = [str(detail)]
    return flat


def validation_message(fields: Mapping[str, list[str]]) -> str:
    """One sentence for a validation failure: the error itself when only one general one."""
    named = [field for field in fields if field != NON_FIELD]
    if not named:
        messages = fields.get(NON_FIELD) or ["The request is invalid."]
        return messages[0]
    return f"Some fields are invalid: {', '.join(named)}."


# --- The format, for the OpenAPI schema -------------------------------------


class ErrorDetailSerializer(serializers.Serializer[dict[str, Any]]):
    """The ``error`` object: what went wrong, for people and for programs."""

    status = serializers.IntegerField(help_text="The HTTP status code, repeated.")
    code = serializers.CharField(
        help_text="A short, stable code: invalid, parse_error, not_authenticated, "
        "authentication_failed, permission_denied, not_found, method_not_allowed, "
        "illegal_transition, unsupported_media_type, throttled."
    )
    message = serializers.CharField(help_text="A sentence a person can read.")

    def get_fields(self) -> dict[str, serializers.Field]:
        # "fields" cannot be a class attribute: it would hide Serializer.fields.
        fields = super().get_fields()
        fields["fields"] = serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()),
            required=False,
            help_text="Validation errors only: messages by field name "
            "(dotted for nested input, non_field_errors for the request as a whole).",
        )
        return fields


class ErrorSerializer(serializers.Serializer[dict[str, Any]]):
    """Every error response of the API."""

    error = ErrorDetailSerializer()


ERROR_DESCRIPTIONS = {
    400: "Invalid input: malformed JSON, or fields that fail validation (see `fields`).",
    401: "Not authenticated: send `Authorization: Token <key>` or a session cookie.",
    403: "Authenticated, but your role or desks do not allow this.",
    404: "No such resource, or not one you may see.",
    405: "The method is not allowed on this URL.",
    409: "The workflow does not allow this move from the story's current status.",
    415: "Send JSON (`Content-Type: application/json`).",
}


def error_responses(*statuses: int) -> dict[int, OpenApiResponse]:
    """``extend_schema`` responses for ``statuses``, all in the one error format."""
    return {
        status: OpenApiResponse(response=ErrorSerializer, description=ERROR_DESCRIPTIONS[status])
        for status in statuses
    }
