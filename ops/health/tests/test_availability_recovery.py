"""A recovery is one RECOVERED alert with the outage's length; explained failures remember."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_django.fixtures import Settings

from ops.health.tests.availability_site import STORY, World, world


@pytest.fixture
def here(settings: Settings, tmp_path: Path) -> Iterator[World]:
    with world(settings, tmp_path) as running:
        yield running


def backdate_outage(state: Path, component: str, minutes: int) -> None:
    document = json.loads(state.read_text())
    began = datetime.datetime.fromisoformat(document["components"][component]["outage_began"])
    earlier = began - datetime.timedelta(minutes=minutes)
    document["components"][component]["outage_began"] = earlier.isoformat()
    state.write_text(json.dumps(document))


def test_recovery_sends_one_recovered_alert_with_the_outage_length(here: World) -> None:
    here.page_broken(STORY)
    here.run()
    backdate_outage(here.state, f"page {here.url(STORY)}", 12)
    here.ready()

    recovered = here.run()
    after = here.run()

    assert recovered.code == 0
    assert [post["text"] for post in recovered.posts] == [
        f"RECOVERED: page {here.url(STORY)} after 12 min"
    ]
    [email] = recovered.emails
    assert email.subject == f"[newsbudget] RECOVERED: page {here.url(STORY)} after 12 min"
    assert after.alerts == []


def test_a_broken_page_whose_database_then_fails_recovers_with_it_without_new_alerts(
    here: World,
) -> None:
    here.page_broken(STORY)
    here.run()
    here.dependency_down("database")

    during = here.run()
    here.ready()
    recovered = here.run()

    assert [post["text"] for post in during.posts] == [
        "DOWN: database — connection refused (2 failing page(s) explained by it)"
    ]
    assert [post["text"] for post in recovered.posts] == [
        f"RECOVERED: database after 1 min\nRECOVERED: page {here.url(STORY)} after 1 min"
    ]


def test_a_page_still_failing_once_its_dependency_is_back_is_then_alerted(here: World) -> None:
    here.dependency_down("database")
    here.run()
    here.page_broken(STORY)

    run = here.run()

    assert [post["text"] for post in run.posts] == [
        f"RECOVERED: database after 1 min\nDOWN: page {here.url(STORY)} — answered 500"
    ]
