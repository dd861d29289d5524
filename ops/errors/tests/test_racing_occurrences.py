"""Occurrences recorded at the same moment by several workers end in one group, all counted."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from ops.errors.models import ErrorGroup
from ops.errors.tracker import Occurrence, record

WORKERS = 4


class DeskFeedDown(RuntimeError):
    """The error every worker hits at once."""


def occur(barrier: threading.Barrier, failures: list[BaseException]) -> None:
    try:
        barrier.wait(timeout=10)
        try:
            raise DeskFeedDown("the desk feed is down")
        except DeskFeedDown as error:
            if record(Occurrence(error, error.__traceback__, "request", "GET /")) is None:
                failures.append(RuntimeError("an occurrence was not recorded"))
    except BaseException as error:
        failures.append(error)
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_racing_workers_create_one_group_and_count_every_occurrence() -> None:
    barrier = threading.Barrier(WORKERS)
    failures: list[BaseException] = []
    threads = [threading.Thread(target=occur, args=(barrier, failures)) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert failures == []
    group = ErrorGroup.objects.get()
    assert group.count == WORKERS
