"""Helpers for the API suites: where a story lives, and the error body of a response."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rest_framework.test import APIClient

from newsbudget.accounts.models import User
from newsbudget.stories.models import Story

SignIn = Callable[[User], APIClient]
"""The ``sign_in`` fixture: a client authenticated by token as the given user."""

LIST_URL = "/api/v1/stories/"


def story_url(story: Story | int) -> str:
    return f"/api/v1/stories/{story if isinstance(story, int) else story.pk}/"


def transitions_url(story: Story) -> str:
    return f"/api/v1/stories/{story.pk}/transitions/"


def error_of(response: Any) -> dict[str, Any]:
    """The ``error`` object of an API error response, checked to be JSON in the house format."""
    assert response["Content-Type"] == "application/json", response.content[:200]
    body = response.json()
    assert set(body) == {"error"}, body
    assert body["error"]["status"] == response.status_code
    return body["error"]
