"""A purge is enqueued only after the commit, and only when a backend is configured."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult
from pytest_django.fixtures import Settings

from ops.purge.config import purge_settings
from ops.purge.tasks import purge_on_commit

CommitCallbacks = Callable[..., AbstractContextManager[Any]]
PAGES = [
    "https://news.example.org/b/",
    "https://news.example.org/a/",
    "https://news.example.org/a/",
]


@pytest.fixture
def nginx_configured(settings: Settings, db: None) -> None:
    settings.PURGE = purge_settings(backend="nginx", nginx_url="http://127.0.0.1:9")


def test_it_enqueues_one_task_for_the_distinct_urls_on_commit(
    nginx_configured: None, django_capture_on_commit_callbacks: CommitCallbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        purge_on_commit(PAGES)

    queued = DBTaskResult.objects.get()
    assert queued.args_kwargs["args"] == [
        ["https://news.example.org/a/", "https://news.example.org/b/"]
    ]


def test_it_enqueues_nothing_when_the_write_rolls_back(
    nginx_configured: None, django_capture_on_commit_callbacks: CommitCallbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                purge_on_commit(PAGES)
                raise RuntimeError("the write failed")
        except RuntimeError:
            pass

    assert not DBTaskResult.objects.exists()


def test_it_writes_no_task_row_without_a_purge_backend(
    db: None, django_capture_on_commit_callbacks: CommitCallbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        purge_on_commit(PAGES)

    assert callbacks == []
    assert not DBTaskResult.objects.exists()
