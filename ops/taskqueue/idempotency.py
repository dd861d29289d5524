"""Idempotency keys: a task that runs again does not do again what it already did.

A worker that dies after a task's effect but before marking it done leaves
the task to be run again (``recovery``); a retry repeats the attempt that
failed half-way.  Each side effect therefore carries a key naming it — the
task's id and what it affects, e.g. ``filing-notice:<task id>:<address>`` —
recorded in ``IdempotencyKey`` (unique).

- ``once(key)`` for effects in the database: the key is inserted in the same
  transaction as the effect, so both commit or neither does.  Exactly once,
  even with two runners at the same moment (the second waits on the unique
  index, then finds the key).
- ``run_once(key, effect)`` for effects outside the database (an email, a
  webhook): skipped when the key exists, recorded once the effect succeeded.
  A worker killed between the effect and the record repeats that one effect:
  at least once, and duplicated only in that instant.
- ``once_per_task(name, effect)``: ``run_once`` keyed by the id of the task
  the worker is running (``running_task``), so a task needs no argument of its
  own for it; called outside the worker (a test, a shell) it simply does the
  effect.

Keys are kept for ``IDEMPOTENCY_KEY_DAYS`` (then deleted by ops.retention); a
re-run after that is assumed not to happen (tasks are retried within hours).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import IntegrityError, transaction

from ops.taskqueue.models import IdempotencyKey

running_task: ContextVar[str | None] = ContextVar("running_task", default=None)


@contextmanager
def once(key: str) -> Iterator[bool]:
    """Yield True the first time for ``key`` (do the effect), False ever after (skip it).

    The body runs inside the transaction that records the key: an exception in
    it rolls the key back too, so a later attempt does the effect.
    """
    with transaction.atomic():
        try:
            with transaction.atomic():
                IdempotencyKey.objects.create(key=key)
        except IntegrityError:
            yield False
            return
        yield True


def run_once(key: str, effect: Callable[[], object]) -> bool:
    """Do ``effect`` unless ``key`` says it was done; record it afterwards. True if done now."""
    if IdempotencyKey.objects.filter(key=key).exists():
        return False
    effect()
    IdempotencyKey.objects.get_or_create(key=key)
    return True


def once_per_task(name: str, effect: Callable[[], object]) -> bool:
    """``run_once`` under ``<task id>:<name>`` in the worker; outside it, just the effect."""
    task_id = running_task.get()
    if task_id is None:
        effect()
        return True
    return run_once(f"{task_id}:{name}", effect)
