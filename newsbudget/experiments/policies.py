"""Who may run headline tests: the editors of the story's desk (and all-desks admins)."""

from __future__ import annotations

from typing import Any

from newsbudget.stories import policies
from newsbudget.stories.models import Story


def may_test_headlines(user: Any, story: Story) -> bool:
    """Start a test of ``story``'s headline, read its results and declare its winner."""
    return bool(
        user.is_authenticated
        and user.is_active
        and user.has_perm("stories.change_story")
        and policies.edits_desk(user, story.desk)
    )
