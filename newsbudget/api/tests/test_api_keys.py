"""Partner API keys on the API: they read what an anonymous reader may, and nothing more."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from newsbudget.accounts.models import User
from newsbudget.api.tests.helpers import LIST_URL, error_of, story_url
from newsbudget.api.tests.partners import issue, keyed
from newsbudget.desks.models import Desk
from newsbudget.stories.models import Status, Story
from ops.apikeys import services
from ops.apikeys.models import APIKey
from tests.factories import StoryFactory

NEW_STORY = {"desk": "news", "headline": "Council votes", "budget_date": "2026-03-02"}


@pytest.fixture
def stories(desk: Desk) -> dict[str, Story]:
    return {
        "live": StoryFactory(desk=desk, status=Status.LIVE, headline="Live story"),
        "draft": StoryFactory(desk=desk, status=Status.DRAFT, headline="Draft story"),
    }


def test_a_key_reads_the_live_stories_and_nothing_else(stories: dict[str, Story]) -> None:
    client = keyed(issue().secret)

    listing = client.get(LIST_URL)
    assert listing.status_code == 200
    assert [story["headline"] for story in listing.json()["results"]] == ["Live story"]
    assert client.get(story_url(stories["live"])).status_code == 200
    assert client.get(story_url(stories["draft"])).status_code == 404
    assert client.get("/api/v1/desks/").status_code == 200


def test_a_key_issued_by_an_editor_gets_no_newsroom_access(editor: User, desk: Desk) -> None:
    client = keyed(issue(created_by=editor).secret)

    response = client.get("/api/v1/budget/2026-03-02/")

    assert response.status_code == 403
    assert error_of(response)["message"] == "Only newsroom staff may see the budget."


@pytest.mark.parametrize(
    ("method", "url"),
    [("post", LIST_URL), ("patch", "/api/v1/stories/1/"), ("delete", "/api/v1/stories/1/")],
)
def test_a_key_cannot_write(db: None, method: str, url: str) -> None:
    response = getattr(keyed(issue().secret), method)(url, NEW_STORY, format="json")

    assert response.status_code == 403
    assert error_of(response) == {
        "status": 403,
        "code": "permission_denied",
        "message": "API keys can only read: GET, HEAD and OPTIONS. "
        "Changes need a newsroom account.",
    }
    assert not Story.objects.exists()


def test_keyed_reads_bypass_the_shared_page_cache(stories: dict[str, Story]) -> None:
    response = keyed(issue().secret).get(LIST_URL)

    assert response["X-App-Cache"] == "bypass"
    assert "private" in response["Cache-Control"]


def refused(secret: str) -> dict[str, Any]:
    response = keyed(secret).get(LIST_URL)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    error = error_of(response)
    assert error["code"] == "authentication_failed"
    return error


def test_it_refuses_a_revoked_key(db: None) -> None:
    issued = issue()
    services.revoke_key(key=issued.key)

    message = refused(issued.secret)["message"]

    assert message == (f"This API key was revoked on {timezone.now():%Y-%m-%d}; ask for a new one.")


def test_it_refuses_an_expired_key(db: None) -> None:
    issued = issue()
    yesterday = timezone.now() - datetime.timedelta(days=1)
    APIKey.objects.update(expires_at=yesterday)

    assert refused(issued.secret)["message"] == (
        f"This API key expired on {yesterday:%Y-%m-%d}; ask for a new one."
    )


def test_it_refuses_an_unknown_key(db: None) -> None:
    assert refused("nbk_0123abcd_" + "A" * 43)["message"] == "Unknown API key."


@pytest.mark.parametrize(
    "secret",
    ["", "not-a-key", "nbk_0123abcd_" + "A" * 42 + "\x00", "\x00" * 56, "\u00ff\u00fe", "a b"],
)
def test_it_refuses_a_malformed_key_without_a_query(
    db: None, secret: str, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(0):
        response = APIClient().get(LIST_URL, HTTP_AUTHORIZATION=f"Api-Key {secret}")

    assert response.status_code == 401
    assert error_of(response)["message"] in (
        "Malformed API key: send the key exactly as it was issued.",
        "Invalid API key header: send `Api-Key <key>`.",
    )


@pytest.mark.parametrize("scheme", ["Api-Key", "api-key", "API-KEY"])
def test_the_scheme_name_is_case_insensitive(stories: dict[str, Story], scheme: str) -> None:
    secret = issue().secret

    response = APIClient().get(LIST_URL, HTTP_AUTHORIZATION=f"{scheme} {secret}")

    assert response.status_code == 200


def test_a_keyed_read_makes_no_write_and_one_query_for_the_key(
    stories: dict[str, Story], django_assert_num_queries: Any
) -> None:
    client = keyed(issue().secret)

    # The key, the key's usage so far (the day's first request seeds its quota counters),
    # then what an anonymous reader's list costs: count, stories, bylines, tags.
    with django_assert_num_queries(6):
        assert client.get(LIST_URL).status_code == 200
    with django_assert_num_queries(5):
        assert client.get(LIST_URL).status_code == 200
