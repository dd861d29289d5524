"""A story's staff page runs a fixed, known number of queries however long its history.

The page shows the story with its bylines and tags, its whole workflow history
(who moved it, when) and the moves the viewer may make.  A plain story (one
byline, no tag, two moves recorded) among 5 and a rich one (three bylines,
three tags, 300 moves) among 500 must cost exactly the same, pinned, number.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from newsbudget.accounts.models import User
from newsbudget.desks.models import Desk
from newsbudget.stories.models import Status, Story
from tests.bulk import bulk_history, bulk_people, bulk_stories, bulk_tags

FEW, MANY = 5, 500

FOOTER = 2
DETAIL = {"reporter": 10 + FOOTER, "editor": 11 + FOOTER}
"""Session, user, permissions (two), the story, its bylines, its tags, its history with
who made each move, its views (one query for both sums), navigation; the editor also reads
the desks they staff.  The footer's editorial pages are two more (view restrictions, then the
pages: newsbudget.pages.queries), read because the cache is emptied before each render."""


def assert_detail_queries(
    assert_num_queries: Any, client: Client, story: Story, expected: int, moves: int
) -> None:
    cache.clear()  # the same cold cache whatever ran before
    with assert_num_queries(expected):
        response = client.get(f"/newsroom/stories/{story.pk}/")
    assert response.status_code == 200
    assert response.content.decode().count("<tr><td>") == moves


@pytest.mark.parametrize("person", list(DETAIL))
def test_a_story_page_runs_the_same_queries_for_a_short_and_a_long_history(
    client: Client,
    desk: Desk,
    reporter: User,
    person: str,
    request: pytest.FixtureRequest,
    django_assert_num_queries: Any,
) -> None:
    viewer = request.getfixturevalue(person)
    client.force_login(viewer)
    people = [reporter, *bulk_people(2)]

    [plain, *_] = bulk_stories(FEW, desks=[desk], people=people, statuses=[Status.EDITED])
    bulk_history(plain, 2, by=viewer)
    assert_detail_queries(django_assert_num_queries, client, plain, DETAIL[person], 2)

    stories = bulk_stories(
        MANY - FEW, desks=[desk], people=people, tags=bulk_tags(3), statuses=[Status.EDITED]
    )
    rich = stories[11]  # three bylines, three tags
    bulk_history(rich, 150, by=viewer)
    bulk_history(rich, 150, by=people[2])
    assert_detail_queries(django_assert_num_queries, client, rich, DETAIL[person], 300)
