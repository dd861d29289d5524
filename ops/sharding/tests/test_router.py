"""The router: sharded rows by their key, unpinned queries refused, everything else left alone."""

from __future__ import annotations

import datetime

import pytest
from pytest_django.fixtures import Settings

from ops.apikeys.models import APIKey, KeyUsage
from ops.sharding import placement
from ops.sharding.models import MovedRow
from ops.sharding.router import ShardKeyRequired, ShardRouter

router = ShardRouter()
RING = ["s1", "s2", "s3"]


@pytest.fixture
def ring(settings: Settings) -> list[str]:
    settings.SHARD_DATABASES = RING
    settings.SHARD_DRAINING_DATABASES = ["s4"]
    return RING


@pytest.fixture
def unsharded(settings: Settings) -> None:
    settings.SHARD_DATABASES = []
    settings.SHARD_DRAINING_DATABASES = []


def row(key_id: int) -> KeyUsage:
    return KeyUsage(key_id=key_id, day=datetime.date(2026, 3, 2), endpoint="desks")


def test_it_sends_a_row_to_the_shard_of_its_key(ring: list[str]) -> None:
    for key_id in range(50):
        owner = placement.ring().owner(key_id)

        assert router.db_for_write(KeyUsage, instance=row(key_id)) == owner
        assert router.db_for_read(KeyUsage, instance=row(key_id)) == owner


def test_every_shard_owns_some_keys(ring: list[str]) -> None:
    assert {placement.shard_for(key_id) for key_id in range(100)} == set(RING)


def test_it_refuses_a_query_that_names_no_shard(ring: list[str]) -> None:
    with pytest.raises(ShardKeyRequired, match=r"apikeys\.KeyUsage is sharded by key_id"):
        router.db_for_read(KeyUsage)
    with pytest.raises(ShardKeyRequired):
        router.db_for_write(KeyUsage, instance=APIKey(pk=3))  # a related object is no key
    with pytest.raises(ShardKeyRequired):
        KeyUsage.objects.filter(day=datetime.date(2026, 3, 2)).count()


def test_it_has_no_opinion_on_other_models(ring: list[str]) -> None:
    assert router.db_for_read(APIKey) is None
    assert router.db_for_write(APIKey, instance=APIKey(pk=3)) is None
    assert router.db_for_read(MovedRow) is None
    assert router.allow_relation(APIKey(), row(1)) is None


def test_without_shards_it_has_no_opinion_at_all(unsharded: None) -> None:
    assert router.db_for_read(KeyUsage) is None
    assert router.db_for_write(KeyUsage, instance=row(1)) is None
    assert placement.shard_for(1) == "default"
    assert router.allow_migrate("default", "apikeys", "keyusage") is None
    assert router.allow_migrate("s1", "apikeys", "apikey") is None


def test_shards_get_the_sharded_tables_only(ring: list[str]) -> None:
    for shard in ["s1", "s2", "s3", "s4"]:  # the draining shard too: it is read until empty
        assert router.allow_migrate(shard, "apikeys", "keyusage") is True
        assert router.allow_migrate(shard, "sharding", "movedrow") is True
        assert router.allow_migrate(shard, "apikeys", "apikey") is False
        assert router.allow_migrate(shard, "apikeys", "apikeyusage") is False  # since deleted
        assert router.allow_migrate(shard, "auth", "user") is False
        assert router.allow_migrate(shard, "apikeys") is False  # RunPython: unsharded data


def test_default_keeps_every_table(ring: list[str]) -> None:
    assert router.allow_migrate("default", "apikeys", "keyusage") is None
    assert router.allow_migrate("default", "auth", "user") is None


def test_default_can_be_a_shard_and_keeps_everything(settings: Settings) -> None:
    settings.SHARD_DATABASES = ["default", "s1"]

    assert placement.shard_aliases() == ["s1"]
    assert router.allow_migrate("default", "auth", "user") is None
    assert {placement.shard_for(key_id) for key_id in range(100)} == {"default", "s1"}
