"""A front finds the running tests of all its stories in one query, whatever their number."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from newsbudget.accounts.models import User
from newsbudget.desks.models import Desk
from newsbudget.experiments import services
from newsbudget.experiments.queries import running_tests_on
from newsbudget.stories.models import Status, Story
from tests.factories import StoryFactory


def test_one_query_for_one_or_many_tests(
    desk: Desk, editor: User, django_assert_num_queries: Any, committed: Callable[[], Any]
) -> None:
    stories = [StoryFactory(desk=desk, status=Status.LIVE) for _ in range(6)]
    with committed():
        for story in stories[:4]:
            services.start_headline_test(story=story, by=editor, alternatives=["Other words"])

    with django_assert_num_queries(1):
        found = running_tests_on(stories)

    assert set(found) == {story.pk for story in stories[:4]}
    assert all(
        test.headlines == [s.headline, "Other words"] for s in stories[:4] for test in [found[s.pk]]
    )


def test_the_original_is_the_headline_as_it_is_now(
    editor: User, running_test: Any, live_story: Story
) -> None:
    Story.objects.filter(pk=live_story.pk).update(headline="Edited since")
    live_story.refresh_from_db()

    assert running_tests_on([live_story])[live_story.pk].headlines[0] == "Edited since"


def test_no_story_no_query(db: None, django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(0):
        assert running_tests_on([]) == {}
