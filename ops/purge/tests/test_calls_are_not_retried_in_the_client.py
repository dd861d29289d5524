"""A purge call is made once: the task owns the retries, and a failing CDN's circuit opens."""

from __future__ import annotations

import pytest
from pytest_django.fixtures import Settings

from ops.purge.backends.base import PurgeError
from ops.purge.backends.cloudflare import CloudflarePurge
from ops.purge.backends.nginx import NginxPurge
from ops.purge.tests.recorder import Recorder

PAGE = ["https://news.example.org/"]


def test_a_cloudflare_post_that_got_a_503_is_not_repeated(api: Recorder) -> None:
    api.answer(503, b'{"success": false}')

    with pytest.raises(PurgeError, match="answered 503"):
        CloudflarePurge(zone_id="z", api_token="t", timeout=2, api_url=api.url).purge(PAGE)

    assert len(api.requests) == 1


def test_an_nginx_get_that_got_a_503_is_not_repeated_either(api: Recorder) -> None:
    api.answer(503)

    with pytest.raises(PurgeError, match="answered 503"):
        NginxPurge(urls=[api.url], timeout=2).purge(PAGE)

    assert len(api.requests) == 1


def test_a_cdn_that_keeps_failing_is_not_called_until_its_circuit_resets(
    api: Recorder, settings: Settings
) -> None:
    settings.HTTP_CLIENT_BREAKER_FAILURES = 2
    api.answer(502)
    nginx = NginxPurge(urls=[api.url], timeout=2)
    for _ in range(2):
        with pytest.raises(PurgeError, match="answered 502"):
            nginx.purge(PAGE)

    with pytest.raises(PurgeError, match=r"circuit .* is open"):
        nginx.purge(PAGE)

    assert len(api.requests) == 2
