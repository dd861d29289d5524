"""CloudflarePurge posts absolute URLs to the zone's purge_cache, 30 per call, with a token."""

from __future__ import annotations

import json

import pytest

from ops.purge.backends.base import PurgeError
from ops.purge.backends.cloudflare import CloudflarePurge
from ops.purge.tests.recorder import Recorder

TOKEN = "cf-token-123"


def cloudflare(api: Recorder, timeout: float = 2) -> CloudflarePurge:
    return CloudflarePurge(zone_id="zone42", api_token=TOKEN, timeout=timeout, api_url=api.url)


def test_it_posts_the_urls_to_the_zones_purge_cache_with_the_token(api: Recorder) -> None:
    urls = ["https://news.example.org/", "https://news.example.org/stories/harbour-bridge/"]

    cloudflare(api).purge(urls)

    [request] = api.requests
    assert (request.method, request.path) == ("POST", "/zones/zone42/purge_cache")
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert request.headers["Content-Type"] == "application/json"
    assert json.loads(request.body) == {"files": urls}


def test_it_sends_at_most_30_urls_per_call(api: Recorder) -> None:
    urls = [f"https://news.example.org/stories/{n}/" for n in range(65)]

    cloudflare(api).purge(urls)

    sent = [json.loads(request.body)["files"] for request in api.requests]
    assert [len(batch) for batch in sent] == [30, 30, 5]
    assert [url for batch in sent for url in batch] == urls


def test_it_raises_when_cloudflare_says_it_did_not_succeed(api: Recorder) -> None:
    api.answer(200, b'{"success": false, "errors": [{"code": 1012, "message": "bad zone"}]}')

    with pytest.raises(PurgeError, match="bad zone"):
        cloudflare(api).purge(["https://news.example.org/"])


@pytest.mark.parametrize("status", [401, 429, 500, 503])
def test_it_raises_on_an_error_status(api: Recorder, status: int) -> None:
    api.answer(status, b'{"success": false}')

    with pytest.raises(PurgeError, match=f"answered {status}"):
        cloudflare(api).purge(["https://news.example.org/"])


def test_it_raises_when_cloudflare_does_not_answer_in_time(api: Recorder) -> None:
    api.answer(200, b'{"success": true}', delay=1.5)

    with pytest.raises(PurgeError, match="timed out"):
        cloudflare(api, timeout=0.3).purge(["https://news.example.org/"])


def test_the_token_never_appears_in_the_error(api: Recorder) -> None:
    api.answer(403, b'{"success": false, "errors": [{"message": "Authentication error"}]}')

    with pytest.raises(PurgeError) as raised:
        cloudflare(api).purge(["https://news.example.org/"])

    assert TOKEN not in str(raised.value)
