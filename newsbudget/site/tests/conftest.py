"""Helpers for the public-site suites: publishing Live stories at known times."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from newsbudget.desks.models import Desk
from newsbudget.site.tests.helpers import Publish
from newsbudget.stories.models import Status, Story
from tests.factories import StoryFactory


@pytest.fixture
def publish(db: None) -> Publish:
    """Make a Live story on ``desk``, published ``hours_ago`` hours before now."""
    now = timezone.now().replace(microsecond=0)

    def make(desk: Desk, *, hours_ago: float = 1, **fields: Any) -> Story:
        published_at = now - datetime.timedelta(hours=hours_ago)
        return StoryFactory(desk=desk, status=Status.LIVE, published_at=published_at, **fields)

    return make
