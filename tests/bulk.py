"""Hundreds of stories in a handful of queries, for the suites that need a newsroom at scale.

The factories save one row at a time (the story, then each byline and tag),
which is right for most tests but takes many seconds for the 500-story
newsrooms of the query-count and query-plan suites.  These helpers write the
same rows with ``bulk_create``.  Two consequences, both fine for those suites:
``Story.save`` does not run, so bodies are written as given (the one used here
is already clean HTML); and no signal is sent, so no content version is
bumped — the suites clear the cache before they measure.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Sequence

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from newsbudget.accounts.models import User
from newsbudget.desks.models import Desk
from newsbudget.stories.models import Status, Story, StoryTransition, Tag
from tests.factories import PASSWORD

BODY = "<p>The council met on Tuesday and voted.</p>"
PUBLISHED = (Status.LIVE, Status.ARCHIVED)


def batch_name() -> str:
    """A short random token that keeps the slugs and usernames of one batch unique."""
    return secrets.token_hex(4)


def bulk_people(count: int) -> list[User]:
    """``count`` people with full names, who can sign in with the factories' password."""
    batch, hashed = batch_name(), make_password(PASSWORD)
    return User.objects.bulk_create(
        User(
            username=f"person-{batch}-{number}",
            first_name=f"Ada{number}",
            last_name=f"Lovelace{number}",
            email=f"person-{batch}-{number}@newsroom.test",
            password=hashed,
        )
        for number in range(count)
    )


def bulk_tags(count: int) -> list[Tag]:
    batch = batch_name()
    return Tag.objects.bulk_create(
        Tag(name=f"Topic {batch} {number}", slug=f"topic-{batch}-{number}")
        for number in range(count)
    )


def bulk_desks(count: int) -> list[Desk]:
    batch = batch_name()
    return Desk.objects.bulk_create(
        Desk(name=f"Desk {batch} {number}", slug=f"desk-{batch}-{number}", position=100 + number)
        for number in range(count)
    )


def bulk_stories(
    count: int,
    *,
    desks: Sequence[Desk],
    people: Sequence[User],
    tags: Sequence[Tag] = (),
    statuses: Sequence[str] = (Status.LIVE,),
    budget_date: datetime.date | None = None,
    newest: datetime.datetime | None = None,
) -> list[Story]:
    """``count`` stories, each with its bylines and tags, in four queries.

    Story ``n`` goes to ``desks[n % len(desks)]`` with status
    ``statuses[n % len(statuses)]``, carries the first ``1 + n % len(people)``
    people as bylines and the first ``n % (len(tags) + 1)`` tags, and has a
    location when ``n`` is odd.  Live and archived stories were published an
    hour apart, the first one an hour before ``newest`` (default: now).
    """
    batch = batch_name()
    newest = newest or timezone.now().replace(microsecond=0)
    day = budget_date or timezone.localdate()
    stories = Story.objects.bulk_create(
        Story(
            headline=f"Council approves budget {batch} {number}",
            slug=f"council-approves-budget-{batch}-{number}",
            summary="The council voted on the budget.",
            body=BODY,
            desk=desks[number % len(desks)],
            status=statuses[number % len(statuses)],
            budget_date=day,
            published_at=newest - datetime.timedelta(hours=number + 1)
            if statuses[number % len(statuses)] in PUBLISHED
            else None,
            word_count=600,
            location_name="Pier" if number % 2 else "",
            latitude=1 if number % 2 else None,
            longitude=2 if number % 2 else None,
        )
        for number in range(count)
    )
    Story.bylines.through.objects.bulk_create(
        Story.bylines.through(story_id=story.pk, user_id=person.pk)
        for number, story in enumerate(stories)
        for person in people[: 1 + number % len(people)]
    )
    Story.tags.through.objects.bulk_create(
        Story.tags.through(story_id=story.pk, tag_id=tag.pk)
        for number, story in enumerate(stories)
        for tag in tags[: number % (len(tags) + 1)]
    )
    return stories


def bulk_history(story: Story, count: int, *, by: User | None = None) -> list[StoryTransition]:
    """``count`` recorded workflow moves of ``story``, a minute apart (back and forth)."""
    start = timezone.now() - datetime.timedelta(minutes=count)
    moves = [("return", Status.EDITED, Status.DRAFT), ("file", Status.DRAFT, Status.EDITED)]
    return StoryTransition.objects.bulk_create(
        StoryTransition(
            story=story,
            name=moves[number % 2][0],
            from_status=moves[number % 2][1],
            to_status=moves[number % 2][2],
            by=by,
            at=start + datetime.timedelta(minutes=number),
        )
        for number in range(count)
    )
