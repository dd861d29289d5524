"""One error format for everything that goes wrong, and never a 500 for bad input."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.test import APIClient

from newsbudget.accounts.models import User
from newsbudget.api.errors import exception_handler
from newsbudget.api.tests.helpers import LIST_URL, SignIn, error_of, story_url, transitions_url
from newsbudget.desks.models import Desk
from newsbudget.stories.errors import IllegalTransition, NotPermitted
from newsbudget.stories.models import Status, Story
from tests.factories import StoryFactory


def handled(exc: Exception) -> tuple[int, dict[str, Any], dict[str, str]]:
    response = exception_handler(exc, {})
    assert response is not None
    return response.status_code, response.data, dict(response.headers)


def test_it_maps_the_services_validation_errors_to_400_with_api_field_names() -> None:
    error = DjangoValidationError(
        {"latitude": ["Too far north."], "__all__": ["Give both latitude and longitude."]}
    )

    status, body, _ = handled(error)

    assert status == 400
    assert body == {
        "error": {
            "status": 400,
            "code": "invalid",
            "message": "Some fields are invalid: location.latitude.",
            "fields": {
                "location.latitude": ["Too far north."],
                "non_field_errors": ["Give both latitude and longitude."],
            },
        }
    }


def test_it_maps_a_validation_error_without_fields_to_the_request_as_a_whole() -> None:
    status, body, _ = handled(DjangoValidationError("Nothing to change."))

    assert status == 400
    assert body["error"]["message"] == "Nothing to change."
    assert body["error"]["fields"] == {"non_field_errors": ["Nothing to change."]}


@pytest.mark.parametrize(
    ("exc", "status", "code", "message"),
    [
        (NotPermitted("You cannot edit this story."), 403, "permission_denied",
         "You cannot edit this story."),
        (PermissionDenied(), 403, "permission_denied",
         "You do not have permission to perform this action."),
        (IllegalTransition("Cannot archive a draft."), 409, "illegal_transition",
         "Cannot archive a draft."),
        (Http404("No story here."), 404, "not_found", "No story here."),
        (exceptions.ParseError(), 400, "parse_error", "Malformed request."),
        (exceptions.NotAuthenticated(), 401, "not_authenticated",
         "Authentication credentials were not provided."),
        (exceptions.MethodNotAllowed("DELETE"), 405, "method_not_allowed",
         'Method "DELETE" not allowed.'),
        (exceptions.NotAcceptable(), 406, "not_acceptable",
         "Could not satisfy the request Accept header."),
        (exceptions.UnsupportedMediaType("text/plain"), 415, "unsupported_media_type",
         'Unsupported media type "text/plain" in request.'),
    ],
)  # fmt: skip
def test_it_gives_every_error_the_same_envelope(
    exc: Exception, status: int, code: str, message: str
) -> None:
    assert handled(exc)[:2] == (
        status,
        {"error": {"status": status, "code": code, "message": message}},
    )


def test_it_tells_a_throttled_client_when_to_retry() -> None:
    status, body, headers = handled(exceptions.Throttled(wait=30))

    assert status == 429
    assert body["error"]["code"] == "throttled"
    assert headers["Retry-After"] == "30"


def test_it_leaves_unexpected_errors_to_the_500_handler() -> None:
    assert exception_handler(RuntimeError("bug"), {}) is None


def test_it_answers_400_for_malformed_json(sign_in: SignIn, reporter: User) -> None:
    response = sign_in(reporter).post(
        LIST_URL, b'{"headline": "Unclosed', content_type="application/json"
    )

    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "parse_error"
    assert error["message"].startswith("JSON parse error")
    assert "fields" not in error


@pytest.mark.parametrize("body", [b"[]", b'"a story"', b"42", b"null", b"true"])
def test_it_answers_400_for_json_that_is_not_an_object(
    sign_in: SignIn, desk: Desk, reporter: User, body: bytes
) -> None:
    response = sign_in(reporter).post(LIST_URL, body, content_type="application/json")

    assert response.status_code == 400
    assert list(error_of(response)["fields"]) == ["non_field_errors"]


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "application/xml"]
)
def test_it_answers_415_for_bodies_that_are_not_json(
    sign_in: SignIn, reporter: User, content_type: str
) -> None:
    response = sign_in(reporter).post(LIST_URL, "headline=x", content_type=content_type)

    assert response.status_code == 415
    assert error_of(response)["code"] == "unsupported_media_type"


def test_it_answers_405_for_methods_an_endpoint_lacks(
    sign_in: SignIn, desk: Desk, newsroom_admin: User
) -> None:
    story = StoryFactory(desk=desk, status=Status.LIVE)
    client = sign_in(newsroom_admin)

    delete = client.delete(story_url(story))
    put_list = client.put(LIST_URL, {}, format="json")
    get_transitions = client.get(transitions_url(story))

    assert [delete.status_code, put_list.status_code, get_transitions.status_code] == [405] * 3
    assert error_of(delete)["message"] == 'Method "DELETE" not allowed.'
    assert Story.objects.filter(pk=story.pk).exists()


@pytest.mark.parametrize("path", ["/api/v1/", "/api/v1/nothing/", "/api/v1/stories/1/edit/"])
def test_it_answers_404_in_its_own_format_for_unknown_urls(api: APIClient, path: str) -> None:
    response = api.post(path)

    assert response.status_code == 404
    assert error_of(response)["message"] == "There is no such API endpoint; see /api/v1/docs/."


def test_it_answers_406_when_the_client_accepts_no_json(api: APIClient, desk: Desk) -> None:
    response = api.get(LIST_URL, HTTP_ACCEPT="application/xml")

    assert response.status_code == 406
    assert error_of(response)["code"] == "not_acceptable"


HOSTILE_VALUES: list[Any] = [
    None, True, 0, -1, 2**70, 1.5, float("1e308"), "", " ", "x" * 300_000, "\u0000", "😀" * 500,
    "<script>alert(1)</script>", "2026-02-30", "'; DROP TABLE stories; --", [], [None], {},
    {"nested": {"deeper": [1, 2, 3]}},
]  # fmt: skip
FIELDS = ["desk", "headline", "budget_date", "summary", "body", "bylines", "tags",
          "publish_at", "word_count", "location"]  # fmt: skip


@pytest.mark.parametrize("field", FIELDS)
def test_it_never_fails_with_a_500_whatever_a_field_holds(
    sign_in: SignIn, desk: Desk, reporter: User, field: str
) -> None:
    """Every field, every hostile value, on create and edit: 2xx or 4xx, never a half-write."""
    client = sign_in(reporter)
    story = StoryFactory(desk=desk, status=Status.DRAFT, bylines=[reporter])
    base = {"desk": "news", "headline": "Council votes", "budget_date": "2026-03-02"}

    for value in HOSTILE_VALUES:
        payload = json.dumps(base | {field: value})
        stories_before = Story.objects.count()
        created = client.post(LIST_URL, payload, content_type="application/json")
        edited = client.patch(story_url(story), payload, content_type="application/json")

        for response in (created, edited):
            assert response.status_code < 500, (field, repr(value)[:40], response.content[:300])
            if response.status_code >= 400:
                error_of(response)
        if created.status_code >= 400:
            assert Story.objects.count() == stories_before


@pytest.mark.parametrize(
    "query",
    [
        {"desk": "x" * 10_000},
        {"tag": "\u0000"},
        {"status": ["live", "draft"]},
        {"budget_after": "9999-99-99"},
        {"budget_before": "-1"},
        {"page": "9" * 100},
        {"page_size": "-" * 50},
    ],
)
def test_it_never_fails_with_a_500_whatever_the_query_string_holds(
    api: APIClient, desk: Desk, query: dict[str, Any]
) -> None:
    response = api.get(LIST_URL, query)

    assert response.status_code in (200, 400, 404)
    if response.status_code != 200:
        error_of(response)
