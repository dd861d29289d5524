"""``{{ story|headline_test:headline_tests }}``: a front's running test of one story, if any.

The fronts put ``headline_tests`` (``queries.running_tests_on``, lazily) in the
context; the story list's fragment asks for each story's test only when it is
rendered, so a cached fragment costs no query.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template

from newsbudget.experiments.queries import ShownTest

register = template.Library()


@register.filter
def headline_test(story: Any, tests: Mapping[int, ShownTest] | None) -> ShownTest | None:
    if not tests:
        return None
    return tests.get(story.pk)
