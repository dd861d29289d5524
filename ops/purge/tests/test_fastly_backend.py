"""FastlyPurge posts one purge per URL, named without its scheme, with the Fastly-Key header."""

from __future__ import annotations

import pytest

from ops.purge.backends.base import PurgeError
from ops.purge.backends.fastly import FastlyPurge
from ops.purge.tests.recorder import Recorder

TOKEN = "fastly-token-456"


def fastly(api: Recorder, timeout: float = 2) -> FastlyPurge:
    return FastlyPurge(api_token=TOKEN, timeout=timeout, api_url=api.url)


def test_it_posts_one_purge_per_url_with_the_key(api: Recorder) -> None:
    fastly(api).purge(
        ["https://news.example.org/", "https://news.example.org/stories/harbour-bridge/"]
    )

    assert [(r.method, r.path) for r in api.requests] == [
        ("POST", "/purge/news.example.org/"),
        ("POST", "/purge/news.example.org/stories/harbour-bridge/"),
    ]
    assert {r.headers["Fastly-Key"] for r in api.requests} == {TOKEN}


@pytest.mark.parametrize("status", [401, 404, 500, 503])
def test_it_raises_on_anything_but_200(api: Recorder, status: int) -> None:
    api.answer(status, b'{"msg": "no"}')

    with pytest.raises(PurgeError, match=f"answered {status}"):
        fastly(api).purge(["https://news.example.org/"])


def test_it_stops_at_the_first_failure(api: Recorder) -> None:
    api.answer(500)

    with pytest.raises(PurgeError):
        fastly(api).purge(["https://news.example.org/a/", "https://news.example.org/b/"])

    assert len(api.requests) == 1


def test_it_raises_when_fastly_does_not_answer_in_time(api: Recorder) -> None:
    api.answer(200, delay=1.5)

    with pytest.raises(PurgeError, match="timed out"):
        fastly(api, timeout=0.3).purge(["https://news.example.org/"])
