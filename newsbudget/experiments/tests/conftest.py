"""Helpers for the headline-test suites: a Live story under test, beacons as the script sends."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from newsbudget.accounts.models import User
from newsbudget.desks.models import Desk
from newsbudget.experiments import bucketing, services
from newsbudget.experiments.models import HeadlineTest, HeadlineVariant
from newsbudget.stories.models import Status, Story
from tests.factories import StoryFactory

BROWSER = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
ORIGINAL = "Harbour bridge reopens after repairs"
ALTERNATIVES = ["Harbour bridge open again", "Traffic returns to the harbour bridge"]

CommitCallbacks = Callable[..., AbstractContextManager[Any]]


@pytest.fixture
def committed(django_capture_on_commit_callbacks: CommitCallbacks) -> Callable[[], Any]:
    """Run the on-commit work (version bumps, purges) of what happens inside, as a commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def live_story(desk: Desk) -> Story:
    return StoryFactory(
        desk=desk, status=Status.LIVE, headline=ORIGINAL, slug="harbour-bridge-reopens"
    )


@pytest.fixture
def running_test(live_story: Story, editor: User, committed: Callable[[], Any]) -> HeadlineTest:
    with committed():
        return services.start_headline_test(story=live_story, by=editor, alternatives=ALTERNATIVES)


def readers_in(test: HeadlineTest, variant: int, count: int) -> list[str]:
    """``count`` reader ids in bucket ``variant`` of ``test`` (found by trying ids in order)."""
    variants = test.variants.count()
    found = []
    for number in range(10_000):
        reader = f"reader-{number:06d}-abcdefgh"
        if bucketing.variant_for(reader_id=reader, test_id=test.pk, variants=variants) == variant:
            found.append(reader)
            if len(found) == count:
                return found
    raise AssertionError("not enough readers found")


def reader_in(test: HeadlineTest, variant: int) -> str:
    """A reader id whose bucket in ``test`` is ``variant``."""
    return readers_in(test, variant, 1)[0]


def as_reader(client: Client, reader_id: str | None) -> Client:
    if reader_id is not None:
        client.cookies[bucketing.READER_COOKIE] = reader_id
    return client


def send_impressions(client: Client, *test_ids: int, **headers: Any) -> Any:
    """POST the front's assignment beacon as headline-test.js does."""
    headers.setdefault("HTTP_USER_AGENT", BROWSER)
    return client.post(
        "/headline-tests/impressions", {"tests": [str(pk) for pk in test_ids]}, **headers
    )


def send_click(client: Client, test_id: int, **headers: Any) -> Any:
    headers.setdefault("HTTP_USER_AGENT", BROWSER)
    return client.post(f"/headline-tests/{test_id}/click", **headers)


def flush_all() -> None:
    """Flush every window counted so far (as the scheduler will once they have closed)."""
    services.flush_headline_counts(now=timezone.now() + datetime.timedelta(minutes=2))


def figures(test: HeadlineTest) -> dict[int, tuple[int, int]]:
    """(impressions, clicks) of each variant, from the database."""
    rows = HeadlineVariant.objects.filter(test=test).values_list(
        "position", "impressions", "clicks"
    )
    return {position: (shown, clicked) for position, shown, clicked in rows}


@pytest.fixture
def anonymous(client: Client) -> Iterator[Client]:
    return client
