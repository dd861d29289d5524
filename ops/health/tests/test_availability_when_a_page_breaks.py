"""With readiness green, a page that fails (status, timeout, dropped connection) is a page bug."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_django.fixtures import Settings

from ops.health.tests.availability_site import HOME, STORY, World, world
from ops.http.tests.loopback import Answer


@pytest.fixture
def here(settings: Settings, tmp_path: Path) -> Iterator[World]:
    with world(settings, tmp_path) as running:
        yield running


def test_a_page_answering_500_with_readiness_green_is_down(here: World) -> None:
    here.page_broken(STORY)

    run = here.run()

    assert run.code == 1
    assert run.alerts == [
        f"[newsbudget] DOWN: page {here.url(STORY)} — answered 500",
        f"DOWN: page {here.url(STORY)} — answered 500",
    ]
    assert f"UP        page {here.url(HOME)}" in run.stdout


def test_a_page_slower_than_the_timeout_is_down_and_the_run_stays_short(here: World) -> None:
    here.site.answer(STORY, Answer(delay=3))
    started = time.monotonic()

    run = here.run("--timeout", "0.3")

    assert time.monotonic() - started < 2.5
    assert run.code == 1
    assert f"DOWN      page {here.url(STORY)}: timed out waiting for the answer (after 0.3 s)" in (
        run.stdout
    )
    assert len(run.posts) == 1


def test_a_page_whose_connection_drops_is_down(here: World) -> None:
    here.site.answer(HOME, Answer(drop=True))

    run = here.run()

    assert run.code == 1
    assert f"DOWN      page {here.url(HOME)}: server disconnected" in run.stdout


def test_a_page_that_fails_once_and_then_answers_is_up(here: World) -> None:
    here.site.answer(HOME, 502, 200)

    run = here.run()

    assert run.code == 0
    assert run.alerts == []


def test_a_redirect_is_the_site_working(here: World) -> None:
    here.site.answer(HOME, Answer(302, headers={"Location": "/en/"}))

    assert here.run().code == 0
    assert here.site.hits("/en/") == []
