"""The monitor runs every minute from the scheduler only when AVAILABILITY_MONITOR_IN_SCHEDULER."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from apscheduler.triggers.cron import CronTrigger
from crontask import scheduler
from django.core import mail
from pytest_django.fixtures import Settings

from ops.health import tasks
from ops.health.tests.availability_site import World, world


@pytest.fixture
def here(settings: Settings, tmp_path: Path) -> Iterator[World]:
    with world(settings, tmp_path) as running:
        yield running


def monitor_jobs() -> list[object]:
    return [job for job in scheduler.get_jobs() if job.name == tasks.check_availability.name]


@pytest.fixture
def clean_scheduler() -> Iterator[None]:
    before = {id(job) for job in monitor_jobs()}
    yield
    for job in monitor_jobs():
        if id(job) not in before:
            scheduler.remove_job(job.id)  # type: ignore[attr-defined]


def test_it_is_not_scheduled_by_default(settings: Settings, clean_scheduler: None) -> None:
    settings.AVAILABILITY_MONITOR_IN_SCHEDULER = False

    assert tasks.schedule_if_enabled(tasks.check_availability) is False
    assert monitor_jobs() == []


def test_it_runs_every_minute_when_the_setting_is_on(
    settings: Settings, clean_scheduler: None
) -> None:
    settings.AVAILABILITY_MONITOR_IN_SCHEDULER = True

    assert tasks.schedule_if_enabled(tasks.check_availability) is True

    [job] = monitor_jobs()
    assert isinstance(job.trigger, CronTrigger)  # type: ignore[attr-defined]
    fields = {field.name: str(field) for field in job.trigger.fields}  # type: ignore[attr-defined]
    assert (fields["minute"], fields["hour"], fields["day_of_week"]) == ("*", "*", "*")


def test_the_task_runs_the_monitor_and_returns_its_outcome(here: World) -> None:
    here.dependency_down("database")

    outcome = tasks.check_availability.call()

    assert outcome["ok"] is False
    assert outcome["alerts"]["webhook"] == [
        "DOWN: database — connection refused (2 failing page(s) explained by it)"
    ]
    assert len(mail.outbox) == 1
