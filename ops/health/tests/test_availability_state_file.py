"""The state file is rewritten atomically, survives corruption, and serialises overlapping runs."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_django.fixtures import Settings

from ops.health.availability import Config, monitor
from ops.health.tests.availability_site import STORY, World, world


@pytest.fixture
def here(settings: Settings, tmp_path: Path) -> Iterator[World]:
    with world(settings, tmp_path) as running:
        yield running


def test_it_writes_the_state_atomically_and_leaves_no_temporary_file(here: World) -> None:
    here.page_broken(STORY)

    here.run()

    document = json.loads(here.state.read_text())
    record = document["components"][f"page {here.url(STORY)}"]
    assert record["status"] == "down"
    assert record["notified"] == {"email": "down", "webhook": "down"}
    assert document["components"]["database"]["status"] == "up"
    assert sorted(path.name for path in here.state.parent.iterdir()) == [
        "availability.json",
        "availability.json.lock",
    ]


def test_a_corrupt_state_file_is_reported_and_started_afresh(here: World) -> None:
    here.state.write_text("{half a docu")

    run = here.run()

    assert run.code == 0
    assert "is unreadable" in run.stderr
    assert json.loads(here.state.read_text())["version"] == 1


def test_overlapping_runs_alert_once(here: World) -> None:
    here.dependency_down("database")
    config = Config.from_settings()
    outcomes = []

    def run() -> None:
        outcomes.append(monitor(config))

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(len(outcome.alerts) for outcome in outcomes) == [0, 0, 2]
    assert len(here.hook.requests) == 1
