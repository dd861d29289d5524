"""A task with a database effect that a careless re-run would double, for the worker system test."""

from __future__ import annotations

import logging
import time

from django.db.models import F
from django.tasks import TaskContext, task

from newsbudget.stories.models import Story
from ops.taskqueue.idempotency import once
from ops.taskqueue.policy import retry_policy

# Under "newsbudget", whose INFO lines the processes write (ops.logs).
logger = logging.getLogger("newsbudget.system_tests")


@retry_policy(max_attempts=3, timeout_seconds=5)
@task(takes_context=True)
def add_a_word(context: TaskContext, story_id: int, hold_seconds: float) -> None:
    """Add one to the story's word count exactly once, then hold (where the test kills a worker)."""
    key = f"add-a-word:{context.task_result.id}"
    with once(key) as first:
        if first:
            Story.objects.filter(pk=story_id).update(word_count=F("word_count") + 1)
    logger.info("added a word for %s on attempt %s", key, context.attempt)
    time.sleep(hold_seconds)
