"""With Redis stopped, keys keep reading (their limits fail open) and failed keys are still refused.

A real redis-server is started, used and stopped; the site keeps the same
``CACHES`` and finds nothing listening (``ops.cache.resilient``).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import override_settings
from rest_framework.test import APIClient

from newsbudget.api.tests.helpers import LIST_URL, error_of
from newsbudget.api.tests.partners import issue, keyed
from ops.config.caches import cache_from_url
from ops.throttle.counters import FAIL_CLOSED_RETRY_SECONDS
from tests.servers import redis_server

pytestmark = pytest.mark.system

UNKNOWN_KEY = "nbk_0123abcd_" + "A" * 43


@pytest.fixture
def stopped_redis(db: None) -> Iterator[None]:
    """The default cache on a redis-server that answered a moment ago and has now stopped."""
    with redis_server() as url:
        caches = {"default": {**cache_from_url(url), "KEY_PREFIX": "apikeys-cache-down"}}
        with override_settings(CACHES=caches):
            cache.set("reachable", True)
            assert cache.get("reachable") is True
    with override_settings(CACHES=caches):
        yield


def test_keys_keep_reading_beyond_their_limits(stopped_redis: None) -> None:
    client = keyed(issue(rate="1/h", daily_quota=1).secret)

    assert [client.get(LIST_URL).status_code for _ in range(3)] == [200, 200, 200]


def test_failed_keys_are_refused_closed(stopped_redis: None) -> None:
    response = APIClient().get(LIST_URL, HTTP_AUTHORIZATION=f"Api-Key {UNKNOWN_KEY}")

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert error_of(response)["message"] == (
        "Unknown API key. Failed attempts cannot be counted right now, so they are refused "
        f"for a while: try again in {FAIL_CLOSED_RETRY_SECONDS} seconds."
    )


def test_writes_with_a_key_are_still_refused(stopped_redis: None) -> None:
    response = keyed(issue().secret).post(LIST_URL, {}, format="json")

    assert response.status_code == 403
