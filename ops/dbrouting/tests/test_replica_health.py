"""Replica health: read from a replica only while it answers and keeps up, re-checked often."""

from __future__ import annotations

import logging

import pytest

from ops.dbrouting.health import ReplicaHealth, ReplicaUnusable
from ops.dbrouting.tests.fakes import Clock


class Probe:
    """A replica that answers with ``lag`` seconds, or fails while ``down``."""

    def __init__(self) -> None:
        self.lag, self.down, self.calls = 0.0, False, []

    def __call__(self, alias: str, *, measure_lag: bool) -> float:
        self.calls.append(measure_lag)
        if self.down:
            raise ReplicaUnusable("unreachable", "OperationalError")
        return self.lag if measure_lag else 0.0


def health(probe: Probe, clock: Clock, max_lag: float = 10.0) -> ReplicaHealth:
    return ReplicaHealth(
        max_lag_seconds=lambda: max_lag, probe=probe, clock=clock, recheck_seconds=5.0
    )


def test_it_checks_the_connection_every_request_and_the_lag_every_few_seconds() -> None:
    probe, clock = Probe(), Clock()
    replicas = health(probe, clock)

    for _request in range(3):
        assert replicas.unusable_because("replica_0") is None
    clock.advance(5)
    assert replicas.unusable_because("replica_0") is None

    assert probe.calls == [True, False, False, True]


def test_an_unreachable_replica_is_left_alone_for_a_while_then_tried_again(
    caplog: pytest.LogCaptureFixture,
) -> None:
    probe, clock = Probe(), Clock()
    replicas = health(probe, clock)
    probe.down = True

    with caplog.at_level(logging.WARNING, logger="ops.dbrouting"):
        assert replicas.unusable_because("replica_0") == "unreachable"
        clock.advance(4)
        assert replicas.unusable_because("replica_0") == "unreachable"
    assert len(probe.calls) == 1, "no connect timeout paid again while it is known down"
    assert [record.getMessage() for record in caplog.records] == [
        "replica replica_0 not used for 5s: unreachable (OperationalError)"
    ]

    probe.down = False
    clock.advance(1)
    assert replicas.unusable_because("replica_0") is None
    assert probe.calls[-1] is True, "the lag is measured again when it comes back"


def test_a_lagging_replica_is_not_read_from() -> None:
    probe, clock = Probe(), Clock()
    replicas = health(probe, clock, max_lag=2.0)
    probe.lag = 2.5

    assert replicas.unusable_because("replica_0") == "lagging"
    probe.lag = 0.1
    clock.advance(5)
    assert replicas.unusable_because("replica_0") is None


def test_replicas_are_judged_one_by_one() -> None:
    probe, clock = Probe(), Clock()
    replicas = health(probe, clock)
    replicas.mark_down("replica_0", "failed")

    assert replicas.unusable_because("replica_0") == "failed"
    assert replicas.unusable_because("replica_1") is None
