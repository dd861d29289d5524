"""Metrics computed when Prometheus scrapes: the task queue's depth and lag, and the release.

These are facts about shared state (the queue lives in the database), not
counts a process accumulates, so they are read at scrape time rather than
kept in multiprocess files.  A scrape while the database is down still
answers, with ``task_queue_up 0`` instead of the queue figures.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from ops.telemetry.queue import queue_state

logger = logging.getLogger(__name__)


def name(suffix: str) -> str:
    return f"{getattr(settings, 'METRICS_NAMESPACE', 'newsbudget')}_{suffix}"


class TaskQueueCollector(Collector):
    def collect(self) -> Iterator[Metric]:
        now = timezone.now()
        up = GaugeMetricFamily(name("task_queue_up"), "1 if the task queue could be read.")
        try:
            state = queue_state(now)
        except DatabaseError as error:
            logger.warning("Could not read the task queue for /metrics: %s", error)
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        if state is None:
            return
        yield GaugeMetricFamily(
            name("task_queue_ready"), "Tasks due to run and not yet started.", value=state.ready
        )
        yield GaugeMetricFamily(
            name("task_queue_running"), "Tasks a worker is running now.", value=state.running
        )
        yield GaugeMetricFamily(
            name("task_queue_oldest_ready_age_seconds"),
            "How long the oldest due task has waited to start.",
            value=state.lag_seconds(now),
        )


class ReleaseCollector(Collector):
    def collect(self) -> Iterator[Metric]:
        info = GaugeMetricFamily(
            name("release_info"), "The release this node runs (always 1).", labels=["release"]
        )
        info.add_metric([str(getattr(settings, "RELEASE", "unreleased"))], 1)
        yield info
