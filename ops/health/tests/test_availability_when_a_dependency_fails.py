"""A failing readiness check is one alert; the pages failing with it are explained, not alerted."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_django.fixtures import Settings

from ops.health.tests.availability_site import HOME, ONCALL, STORY, World, readiness, world
from ops.http.tests.loopback import json_answer


@pytest.fixture
def here(settings: Settings, tmp_path: Path) -> Iterator[World]:
    with world(settings, tmp_path) as running:
        yield running


def test_a_failing_check_is_one_down_alert_on_each_channel(here: World) -> None:
    here.dependency_down("database", "connection refused")

    run = here.run()

    assert run.code == 1
    down = "DOWN: database — connection refused (2 failing page(s) explained by it)"
    [email] = run.emails
    assert email.subject.endswith(down)
    assert email.to == [ONCALL]
    [post] = run.posts
    assert post["text"] == down
    assert [(c["component"], c["change"]) for c in post["changes"]] == [("database", "down")]


def test_the_failing_pages_are_reported_as_explained_by_the_dependency(here: World) -> None:
    here.dependency_down("database")

    lines = here.run().stdout.splitlines()

    assert "DOWN      database: connection refused" in lines
    assert "UP        cache: fine" in lines
    assert f"EXPLAINED page {here.url(HOME)}: answered 500, explained by database being down" in (
        lines
    )
    assert any(line.startswith(f"EXPLAINED page {here.url(STORY)}") for line in lines)
    assert lines[0].startswith("UP        site: answers, unready (database failing)")


def test_a_second_run_while_still_down_sends_nothing(here: World) -> None:
    here.dependency_down("database")
    here.run()

    again = here.run()

    assert again.code == 1
    assert again.alerts == []


def test_two_failing_checks_are_two_alerts_in_one_message(here: World) -> None:
    here.dependency_down("database")
    failing = {"database": "connection refused", "disk": "98% full"}
    here.site.answer("/readyz", json_answer(503, readiness("unready", failing)))

    run = here.run()

    [email] = run.emails
    assert email.subject.endswith("(+1 more)")
    assert "DOWN: disk — 98% full (2 failing page(s) explained by it)" in email.body
    [post] = run.posts
    assert [c["component"] for c in post["changes"]] == ["database", "disk"]
