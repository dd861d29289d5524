"""When readiness is green and every page answers, the monitor exits 0 and alerts nobody."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_django.fixtures import Settings

from ops.health.tests.availability_site import CHECKS, HOME, STORY, World, world


@pytest.fixture
def here(settings: Settings, tmp_path: Path) -> Iterator[World]:
    with world(settings, tmp_path) as running:
        yield running


def test_it_exits_0_and_alerts_nobody_on_a_first_run(here: World) -> None:
    run = here.run()

    assert run.code == 0
    assert run.alerts == []
    assert run.stderr == ""


def test_it_prints_one_line_per_component(here: World) -> None:
    lines = here.run().stdout.splitlines()

    assert lines[0].startswith("UP        site: answers, ready, release abc1234; readiness in ")
    assert [line.split(":")[0] for line in lines[1:6]] == [f"UP        {name}" for name in CHECKS]
    assert lines[6].startswith(f"UP        page {here.url(HOME)}: answered 200 in ")
    assert lines[7].startswith(f"UP        page {here.url(STORY)}: answered 200 in ")
    assert len(lines) == 8


def test_it_fetches_the_pages_it_is_given_instead_of_the_settings(here: World) -> None:
    here.site.answer("/other/", 200)

    run = here.run(here.url("/other/"))

    assert run.code == 0
    assert f"page {here.url('/other/')}" in run.stdout
    assert here.site.hits(STORY) == []


def test_it_prints_json_when_asked(here: World) -> None:
    outcome = json.loads(here.run("--json").stdout)

    assert outcome["ok"] is True
    assert outcome["alerts"] == {}
    assert {component["component"] for component in outcome["components"]} == {
        "site",
        *CHECKS,
        f"page {here.url(HOME)}",
        f"page {here.url(STORY)}",
    }
    assert {component["status"] for component in outcome["components"]} == {"up"}


def test_it_identifies_itself_and_is_not_cut_short_by_the_circuit_breaker(here: World) -> None:
    here.site.answer(HOME, 503)
    for _ in range(8):
        here.run()

    assert len(here.site.hits(HOME)) == 16  # every run fetched it twice (one retry), none skipped
    assert here.site.hits("/readyz")[0].headers["User-Agent"] == "ops.health availability monitor"
