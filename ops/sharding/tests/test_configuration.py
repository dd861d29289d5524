"""SHARD_DATABASE_URLS and SHARD_DRAINING_DATABASE_URLS: name=url pairs, every mistake named."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from ops.sharding.conf import ShardEntry, check_disjoint, database_of, parse_shard_urls

VARIABLE = "SHARD_DATABASE_URLS"


def test_it_reads_name_url_pairs_in_order() -> None:
    entries = parse_shard_urls(VARIABLE, " b=sqlite:////tmp/b.db , a=postgres://u:p@h/a ,")

    assert entries == [
        ShardEntry("b", "sqlite:////tmp/b.db"),
        ShardEntry("a", "postgres://u:p@h/a"),
    ]


def test_empty_means_no_sharding() -> None:
    assert parse_shard_urls(VARIABLE, "  ") == []


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("s1", "the shard 's1' has no URL"),
        ("s1=", "the shard 's1' has no URL"),
        ("S1=sqlite:////a", "'S1' is not a shard name"),
        ("=sqlite:////a", "'' is not a shard name"),
        ("sqlite:////a", "is not a shard name"),
        ("s1=sqlite:////a,s1=sqlite:////b", "names the shard 's1' twice"),
        ("default=sqlite:////a", "write 'default' bare"),
        ("default,default", "names the shard 'default' twice"),
    ],
)
def test_it_refuses_a_malformed_entry(raw: str, message: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=VARIABLE) as refused:
        parse_shard_urls(VARIABLE, raw)

    assert message in str(refused.value)


def test_default_cannot_drain() -> None:
    with pytest.raises(ImproperlyConfigured, match="always scanned"):
        parse_shard_urls("SHARD_DRAINING_DATABASE_URLS", "default", allow_default=False)


def test_a_shard_is_on_the_ring_or_draining_not_both() -> None:
    entry = ShardEntry("s1", "sqlite:////a")

    with pytest.raises(ImproperlyConfigured, match="both name s1"):
        check_disjoint([entry], [entry])
    with pytest.raises(ImproperlyConfigured, match="no ring to move the rows to"):
        check_disjoint([], [entry])


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://u:p@h/db", "must be SQLite or PostgreSQL"),
        ("redis://h:6379/0", "must be SQLite or PostgreSQL"),
        ("sqlite://", "names no database"),
        ("nonsense", "must be SQLite or PostgreSQL"),
    ],
)
def test_it_refuses_a_url_of_another_engine(url: str, message: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=message):
        database_of(VARIABLE, ShardEntry("s1", url))
