"""A draining site (a deploy in progress) is reported as draining, not alerted as an outage."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_django.fixtures import Settings

from ops.health.tests.availability_site import STORY, World, world


@pytest.fixture
def here(settings: Settings, tmp_path: Path) -> Iterator[World]:
    with world(settings, tmp_path) as running:
        yield running


def test_draining_is_reported_and_not_alerted(here: World) -> None:
    here.draining()

    run = here.run()

    assert run.code == 0
    assert run.alerts == []
    assert "DRAINING  site: draining, release abc1234" in run.stdout
    assert f"EXPLAINED page {here.url(STORY)}: server disconnected" in run.stdout
    assert "explained by the site draining" in run.stdout


def test_a_site_that_was_down_and_is_now_draining_has_recovered(here: World) -> None:
    here.site.answer("/readyz", 500)
    here.run()
    here.draining()

    run = here.run()

    assert [post["text"] for post in run.posts] == ["RECOVERED: site after 1 min"]
