"""ReplicaRouter: readers' reads go to a replica; writes, and all queries after one, the primary."""

from __future__ import annotations

import random

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from prometheus_client import REGISTRY

from ops.dbrouting.routers import ReplicaRouter
from ops.dbrouting.state import Routing, replica_reads_allowed, routing_scope
from ops.dbrouting.tests.fakes import ScriptedHealth

# Any model will do: routing does not depend on the model.
REPLICAS = ["replica_0", "replica_1"]


def router(**down: str) -> ReplicaRouter:
    return ReplicaRouter(REPLICAS, ScriptedHealth(**down), random.Random(7))


def fallbacks(replica: str, reason: str) -> float:
    value = REGISTRY.get_sample_value(
        "newsbudget_db_replica_fallbacks_total", {"replica": replica, "reason": reason}
    )
    return value or 0.0


def test_it_reads_from_the_primary_outside_a_request() -> None:
    assert router().db_for_read(Group) is None  # no state: tasks, commands, the scheduler


def test_it_reads_from_the_primary_when_the_view_did_not_opt_in() -> None:
    with routing_scope():
        assert router().db_for_read(Group) is None


def test_it_reads_from_a_replica_when_the_view_opted_in() -> None:
    with replica_reads_allowed():
        assert router().db_for_read(Group) in REPLICAS


def test_it_keeps_one_replica_for_the_whole_request() -> None:
    the_router = router()
    chosen = set()
    for _request in range(20):
        with replica_reads_allowed():
            first = the_router.db_for_read(Group)
            assert {the_router.db_for_read(Group) for _query in range(5)} == {first}
            chosen.add(first)
    assert chosen == set(REPLICAS), "readers are spread over every replica"


def test_every_query_after_a_write_goes_to_the_primary() -> None:
    the_router = router()
    with replica_reads_allowed() as state:
        assert the_router.db_for_read(Group) in REPLICAS
        assert the_router.db_for_write(Group) is None  # the primary (Django's default)
        assert state.wrote
        assert the_router.db_for_read(Group) is None


def test_a_client_pinned_after_a_write_reads_from_the_primary() -> None:
    with replica_reads_allowed() as state:
        state.pinned = True
        assert router().db_for_read(Group) is None


def test_it_tries_another_replica_when_one_is_down() -> None:
    before = fallbacks("replica_0", "unreachable")
    the_router = router(replica_0="unreachable")
    for _request in range(10):
        with replica_reads_allowed():
            assert the_router.db_for_read(Group) == "replica_1"
    assert fallbacks("replica_0", "unreachable") > before


def test_it_falls_back_to_the_primary_when_no_replica_is_usable_and_counts_it() -> None:
    before = fallbacks("replica_1", "lagging")
    the_router = router(replica_0="unreachable", replica_1="lagging")
    with replica_reads_allowed() as state:
        assert the_router.db_for_read(Group) is None
        assert state.fell_back
        asked = len(the_router.health.asked)  # type: ignore[attr-defined]
        assert the_router.db_for_read(Group) is None
        assert len(the_router.health.asked) == asked, "not asked again in the same request"  # type: ignore[attr-defined]
    assert fallbacks("replica_1", "lagging") == before + 1


@pytest.mark.django_db
def test_reads_inside_a_transaction_on_the_primary_use_the_primary() -> None:
    with replica_reads_allowed(), transaction.atomic():
        assert router().db_for_read(Group) is None


def test_a_row_read_from_a_replica_is_written_to_and_reread_from_the_primary() -> None:
    desk = Group(name="News")
    desk._state.db = "replica_1"
    the_router = router()

    assert the_router.db_for_write(Group, instance=desk) == "default"
    assert the_router.db_for_read(Group, instance=desk) == "default"


def test_rows_of_the_primary_and_its_replicas_may_be_related() -> None:
    primary, replica, elsewhere = Group(), Group(), Group()
    primary._state.db, replica._state.db, elsewhere._state.db = "default", "replica_0", "shard_9"
    the_router = router()

    assert the_router.allow_relation(primary, replica) is True
    assert the_router.allow_relation(primary, elsewhere) is None  # not ours to decide


def test_replicas_are_never_migrated() -> None:
    the_router = router()
    assert the_router.allow_migrate("replica_0", "stories") is False
    assert the_router.allow_migrate("default", "stories") is None


def test_without_replicas_it_has_no_opinion() -> None:
    the_router = ReplicaRouter([], ScriptedHealth())
    with replica_reads_allowed():
        assert the_router.db_for_read(Group) is None


def test_the_state_ends_with_the_request() -> None:
    with routing_scope() as state:
        state.wrote = True
    with routing_scope() as fresh:
        assert fresh == Routing()
