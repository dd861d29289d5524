"""Idempotency keys: an effect keyed once is not done again, and a failed effect leaves no key."""

from __future__ import annotations

import pytest

from ops.taskqueue.idempotency import once, once_per_task, run_once
from ops.taskqueue.models import IdempotencyKey

pytestmark = pytest.mark.django_db


def test_once_lets_the_first_run_do_the_effect_and_skips_every_later_one() -> None:
    done = []
    for _ in range(3):
        with once("notice:42") as first:
            if first:
                done.append("sent")

    assert done == ["sent"]
    assert IdempotencyKey.objects.filter(key="notice:42").count() == 1


def test_an_effect_that_fails_leaves_no_key_so_the_retry_does_it() -> None:
    def effect_that_fails() -> None:
        with once("notice:43") as first:
            assert first
            raise RuntimeError("the effect failed half-way")

    with pytest.raises(RuntimeError):
        effect_that_fails()

    assert not IdempotencyKey.objects.filter(key="notice:43").exists()
    with once("notice:43") as first:
        assert first


def test_run_once_records_an_outside_effect_only_after_it_succeeded() -> None:
    sent: list[str] = []

    def send() -> None:
        sent.append("mail")

    def broken() -> None:
        raise ConnectionError("SMTP down")

    with pytest.raises(ConnectionError):
        run_once("mail:1", broken)
    assert run_once("mail:1", send) is True
    assert run_once("mail:1", send) is False
    assert sent == ["mail"]


def test_once_per_task_outside_a_worker_just_does_the_effect() -> None:
    done: list[int] = []

    assert once_per_task("mail", lambda: done.append(1)) is True
    assert once_per_task("mail", lambda: done.append(1)) is True

    assert done == [1, 1]
    assert not IdempotencyKey.objects.exists()
