"""Fixtures for the search suites: stories made and indexed the way the site indexes them.

Factories save stories inside each test's transaction, where the
after-commit indexing never runs; ``story`` runs those callbacks (as a
commit would), so every story a test makes is searchable, through the same
code path as the site's.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from newsbudget.stories.models import Status, Story
from tests.factories import StoryFactory

MakeStory = Callable[..., Story]


@pytest.fixture
def story(db: None, django_capture_on_commit_callbacks: Callable[..., Any]) -> MakeStory:
    """``story(desk, status=Live, hours_ago=1, **fields)``: a story, indexed as on commit."""
    now = timezone.now().replace(microsecond=0)

    def make(desk: Any, *, status: str = Status.LIVE, hours_ago: float = 1, **fields: Any) -> Story:
        published = status in (Status.LIVE, Status.ARCHIVED)
        fields.setdefault(
            "published_at", now - datetime.timedelta(hours=hours_ago) if published else None
        )
        with django_capture_on_commit_callbacks(execute=True):
            return StoryFactory(desk=desk, status=status, **fields)

    return make
