"""The admin lists sharded usage one shard at a time, and each key's link opens its shard."""

from __future__ import annotations

from typing import Any

from django.test import Client
from pytest_django.fixtures import Settings

from ops.sharding import placement
from ops.sharding.tests.conftest import SHARDED_DB
from ops.sharding.tests.usage import rows_by_database, write_usage

USAGE_URL = "/admin/apikeys/keyusage/"
pytestmark = SHARDED_DB


def test_each_shard_lists_its_own_rows(
    shard_databases: list[str], settings: Settings, editor: Any
) -> None:
    settings.SHARD_DATABASES = ["s1", "s2", "s3"]
    write_usage(12)
    browser = Client()
    browser.force_login(editor)

    for shard in ["s1", "s2", "s3"]:
        page = browser.get(USAGE_URL, {"shard": shard})

        assert page.status_code == 200
        assert page.context["cl"].result_count == len(rows_by_database()[shard])


def test_a_keys_usage_link_opens_its_shard(
    shard_databases: list[str], settings: Settings, editor: Any
) -> None:
    settings.SHARD_DATABASES = ["s1", "s2", "s3"]
    [key_id, *_] = write_usage(3)
    browser = Client()
    browser.force_login(editor)

    page = browser.get(USAGE_URL, {"key_id": key_id, "shard": placement.shard_for(key_id)})

    assert page.status_code == 200
    assert page.context["cl"].result_count == 6  # 3 endpoints × 2 days
