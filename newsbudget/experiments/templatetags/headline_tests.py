"""Headline tests in templates: a front's running test of a story, and the newsroom's way in.

``{{ story|headline_test:headline_tests }}``: the fronts put ``headline_tests``
(``queries.running_tests_on``, lazily) in the context; the story list's
fragment asks for each story's test only when it is rendered, so a cached
fragment costs no query.

``{% headline_test_entry story as entry %}``: on a story's newsroom page, where
its desk's editors start a test or read the running one (a query only for a
Live story and someone who may test it).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template
from django.urls import reverse

from newsbudget.experiments.policies import may_test_headlines
from newsbudget.experiments.queries import ShownTest, running_test_of
from newsbudget.stories.models import Status, Story

register = template.Library()


@register.filter
def headline_test(story: Any, tests: Mapping[int, ShownTest] | None) -> ShownTest | None:
    if not tests:
        return None
    return tests.get(story.pk)


@register.simple_tag(takes_context=True)
def headline_test_entry(context: template.Context, story: Story) -> dict[str, str] | None:
    """The link to this story's headline test for someone who may run one, else None."""
    request = context.get("request")
    if request is None or story.status != Status.LIVE:
        return None
    if not may_test_headlines(request.user, story):
        return None
    running = running_test_of(story)
    if running is None:
        url = reverse("experiments:start", kwargs={"story_pk": story.pk})
        return {"url": url, "label": "Test alternative headlines"}
    url = reverse("experiments:results", kwargs={"pk": running.pk})
    return {"url": url, "label": "Headline test running: see the results"}
