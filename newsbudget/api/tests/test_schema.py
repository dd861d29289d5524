"""The OpenAPI schema is valid, warning-free, and describes what the API really answers.

Each real response below is validated with ``jsonschema`` against the schema
the API publishes for that path, method and status.  The OpenAPI 3.0 dialect
is turned into JSON Schema first (``nullable`` becomes a ``null`` alternative)
and made strict: an object may carry no property the schema does not declare,
so a field added to a serializer but not to the schema fails here too.
"""

from __future__ import annotations

import datetime
import re
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from drf_spectacular.validation import validate_schema
from jsonschema import Draft202012Validator, FormatChecker, ValidationError
from rest_framework.test import APIClient

from newsbudget.accounts.models import User
from newsbudget.api.tests.helpers import LIST_URL, SignIn, story_url, transitions_url
from newsbudget.desks.models import Desk
from newsbudget.stories.models import Status
from tests.factories import StoryFactory, TagFactory

STORY = "/api/v1/stories/{id}/"
TRANSITIONS = "/api/v1/stories/{id}/transitions/"
BUDGET = "/api/v1/budget/{day}/"
SEARCH = "/api/v1/search/"
NEW_STORY = {"desk": "news", "headline": "Council votes", "budget_date": "2026-03-02"}


def as_json_schema(node: Any) -> Any:
    """OpenAPI 3.0 schema objects as strict JSON Schema."""
    if isinstance(node, list):
        return [as_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: as_json_schema(value) for key, value in node.items() if key != "nullable"}
    if "properties" in node and "additionalProperties" not in node:
        converted["additionalProperties"] = False
    if node.get("nullable") is True:
        return {"anyOf": [converted, {"type": "null"}]}
    return converted


@pytest.fixture
def openapi(api: APIClient) -> dict[str, Any]:
    response = api.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema: dict[str, Any] = response.json()
    return schema


def validator_for(openapi: dict[str, Any], path: str, method: str, status: int) -> Any:
    operation = openapi["paths"][path][method]
    assert str(status) in operation["responses"], f"{method} {path} does not document {status}"
    response_schema = operation["responses"][str(status)]["content"]["application/json"]["schema"]
    document = as_json_schema({**response_schema, "components": openapi["components"]})
    return Draft202012Validator(document, format_checker=FormatChecker())


def assert_matches(
    openapi: dict[str, Any], path: str, method: str, response: Any, status: int
) -> None:
    assert response.status_code == status, response.content[:500]
    validator_for(openapi, path, method, status).validate(response.json())


@pytest.fixture
def full_story(desk: Desk, reporter: User) -> Any:
    """A Live story with every optional part filled in."""
    return StoryFactory(
        desk=desk,
        status=Status.LIVE,
        bylines=[reporter],
        tags=[TagFactory(name="Council")],
        publish_at=datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC),
        location_name="City Hall",
        latitude="51.50000",
        longitude="-0.12000",
        budget_date=datetime.date(2026, 3, 2),
    )


def test_it_publishes_a_valid_openapi_document(openapi: dict[str, Any]) -> None:
    validate_schema(openapi)
    assert openapi["info"]["title"] == "newsbudget API"
    assert set(openapi["paths"]) == {
        "/api/v1/stories/",
        STORY,
        TRANSITIONS,
        BUDGET,
        "/api/v1/desks/",
        "/api/v1/usage/",
        SEARCH,
    }


def test_it_generates_the_schema_without_warnings(db: None, tmp_path: Path) -> None:
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yaml"))


def test_it_documents_the_error_format_and_the_transition_body(openapi: dict[str, Any]) -> None:
    schemas = openapi["components"]["schemas"]
    assert set(schemas["ErrorDetail"]["properties"]) == {"status", "code", "message", "fields"}
    body = openapi["paths"][TRANSITIONS]["post"]["requestBody"]["content"]
    assert list(body) == ["application/json"]
    request_schema = schemas[body["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]]
    assert request_schema["required"] == ["transition"]
    assert "publish" in schemas["TransitionEnum"]["enum"]


def test_the_strict_checker_notices_an_undocumented_field(
    openapi: dict[str, Any], api: APIClient, full_story: Any
) -> None:
    body = api.get(story_url(full_story)).json()

    with pytest.raises(ValidationError):
        validator_for(openapi, STORY, "get", 200).validate(body | {"secret": "draft"})
    with pytest.raises(ValidationError):
        validator_for(openapi, STORY, "get", 200).validate(body | {"url": 5})


def test_the_list_matches_its_schema(
    openapi: dict[str, Any], api: APIClient, sign_in: SignIn, editor: User, full_story: Any
) -> None:
    StoryFactory(desk=full_story.desk, status=Status.DRAFT)
    StoryFactory.create_batch(3, desk=full_story.desk, status=Status.LIVE)

    assert_matches(openapi, LIST_URL, "get", api.get(LIST_URL, {"page_size": 2}), 200)
    assert_matches(openapi, LIST_URL, "get", sign_in(editor).get(LIST_URL), 200)
    assert_matches(openapi, LIST_URL, "get", api.get(LIST_URL, {"desk": "none"}), 400)
    assert_matches(openapi, LIST_URL, "get", api.get(LIST_URL, {"page": 9}), 404)
    assert_matches(openapi, LIST_URL, "get", api.get(LIST_URL, HTTP_AUTHORIZATION="Token x"), 401)


def test_the_detail_matches_its_schema(
    openapi: dict[str, Any], api: APIClient, sign_in: SignIn, editor: User, full_story: Any
) -> None:
    draft = StoryFactory(desk=full_story.desk, status=Status.DRAFT)

    assert_matches(openapi, STORY, "get", api.get(story_url(full_story)), 200)
    assert_matches(openapi, STORY, "get", sign_in(editor).get(story_url(draft)), 200)
    assert_matches(openapi, STORY, "get", api.get(story_url(draft)), 404)


def test_search_matches_its_schema(
    openapi: dict[str, Any], api: APIClient, full_story: Any
) -> None:
    call_command("rebuild_search_index", stdout=StringIO())  # factories skip the on-commit index
    located = {"q": "council", "lat": "51.5", "lon": "-0.12", "tag": full_story.tags.get().slug}

    assert_matches(openapi, SEARCH, "get", api.get(SEARCH, located), 200)
    assert_matches(openapi, SEARCH, "get", api.get(SEARCH, {"q": "nothing-matches"}), 200)
    assert_matches(openapi, SEARCH, "get", api.get(SEARCH, {"lat": "100", "lon": "0"}), 400)


def test_creating_matches_its_schema(
    openapi: dict[str, Any], api: APIClient, sign_in: SignIn, reporter: User, other_editor: User
) -> None:
    located = NEW_STORY | {"location": {"name": "Pier", "latitude": 1, "longitude": 2}}

    assert_matches(openapi, LIST_URL, "post", sign_in(reporter).post(LIST_URL, located), 201)
    assert_matches(openapi, LIST_URL, "post", sign_in(reporter).post(LIST_URL, {}), 400)
    assert_matches(openapi, LIST_URL, "post", api.post(LIST_URL, NEW_STORY), 401)
    assert_matches(openapi, LIST_URL, "post", sign_in(other_editor).post(LIST_URL, NEW_STORY), 403)
    unsupported = sign_in(reporter).post(LIST_URL, "x", content_type="text/plain")
    assert_matches(openapi, LIST_URL, "post", unsupported, 415)


def test_editing_matches_its_schema(
    openapi: dict[str, Any], sign_in: SignIn, reporter: User, other_editor: User, full_story: Any
) -> None:
    url = story_url(full_story)
    admin_edit = {"headline": "Fixed"}
    full = NEW_STORY | {"location": None}

    assert_matches(openapi, STORY, "patch", sign_in(reporter).patch(url, {}), 403)
    assert_matches(openapi, STORY, "patch", sign_in(other_editor).patch(url, admin_edit), 403)
    assert_matches(openapi, STORY, "patch", sign_in(reporter).patch(url, {"x": 1}), 400)
    assert_matches(openapi, STORY, "put", sign_in(reporter).put(story_url(10**9), full), 404)
    draft = StoryFactory(desk=full_story.desk, status=Status.DRAFT, bylines=[reporter])
    assert_matches(openapi, STORY, "put", sign_in(reporter).put(story_url(draft), full), 200)
    assert_matches(openapi, STORY, "patch", sign_in(reporter).patch(story_url(draft), {}), 200)


def test_transitions_match_their_schema(
    openapi: dict[str, Any], sign_in: SignIn, editor: User, desk: Desk
) -> None:
    story = StoryFactory(desk=desk, status=Status.EDITED)
    editor_client = sign_in(editor)

    def move(name: str) -> Any:
        return editor_client.post(transitions_url(story), {"transition": name})

    assert_matches(openapi, TRANSITIONS, "post", move("publish"), 200)
    assert_matches(openapi, TRANSITIONS, "post", move("publish"), 409)
    assert_matches(openapi, TRANSITIONS, "post", move("levitate"), 400)


def test_the_budget_and_desks_match_their_schemas(
    openapi: dict[str, Any], api: APIClient, sign_in: SignIn, reporter: User, full_story: Any
) -> None:
    budget = "/api/v1/budget/2026-03-02/"

    assert_matches(openapi, BUDGET, "get", sign_in(reporter).get(budget), 200)
    assert_matches(openapi, BUDGET, "get", api.get(budget), 401)
    assert_matches(openapi, BUDGET, "get", sign_in(reporter).get("/api/v1/budget/2026-02-30/"), 404)
    assert_matches(openapi, "/api/v1/desks/", "get", api.get("/api/v1/desks/"), 200)


@pytest.mark.parametrize("path", ["/api/v1/docs/", "/api/v1/redoc/"])
def test_the_docs_render_from_local_assets_only(api: APIClient, path: str) -> None:
    response = api.get(path)

    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/" in html
    assert "/api/v1/schema/" in html
    assert "cdn" not in html.lower()
    assert re.findall(r"https?://", html) == []
