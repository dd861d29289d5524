"""Helpers for the readership suites: Live stories, beacons sent as a browser would, flushes."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.db.models import Sum
from django.test import Client
from django.utils import timezone

from newsbudget.desks.models import Desk
from newsbudget.readership import services
from newsbudget.readership.models import StoryViews
from newsbudget.stories.models import Status, Story
from tests.factories import StoryFactory

BROWSER = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)


@pytest.fixture
def live_story(desk: Desk) -> Story:
    return StoryFactory(desk=desk, status=Status.LIVE, slug="harbour-bridge-reopens")


def send_beacon(client: Client, slug: str, **headers: Any) -> Any:
    """POST the beacon as the story page's script does: no body, a browser's user agent."""
    headers.setdefault("HTTP_USER_AGENT", BROWSER)
    return client.post(f"/stories/{slug}/view", **headers)


def flush_all() -> None:
    """Flush every window counted so far (as the scheduler will once they have closed)."""
    services.flush_page_views(now=timezone.now() + datetime.timedelta(minutes=2))


def views_of(story: Story) -> int:
    return StoryViews.objects.filter(story=story).aggregate(n=Sum("count"))["n"] or 0


Beacon = Callable[..., Any]
