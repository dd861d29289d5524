"""Types shared by the public-site suites."""

from __future__ import annotations

from collections.abc import Callable

from newsbudget.stories.models import Story

Publish = Callable[..., Story]
"""The ``publish`` fixture: ``publish(desk, hours_ago=1, **story_fields) -> Story``."""
