"""NginxPurge asks each nginx node's purge location to drop each page; "not cached" is success."""

from __future__ import annotations

import pytest

from ops.purge.backends.base import PurgeError
from ops.purge.backends.nginx import NginxPurge
from ops.purge.tests.recorder import Recorder, recording_server

PAGES = ["https://news.example.org/", "https://news.example.org/stories/harbour-bridge/"]


def test_it_sends_one_purge_per_page_naming_scheme_host_and_path(api: Recorder) -> None:
    NginxPurge(urls=[api.url], timeout=2).purge(PAGES)

    assert [(r.method, r.path) for r in api.requests] == [
        ("GET", "/_purge/https/news.example.org/"),
        ("GET", "/_purge/https/news.example.org/stories/harbour-bridge/"),
    ]


def test_it_purges_every_nginx_node(api: Recorder) -> None:
    with recording_server() as second:
        NginxPurge(urls=[api.url, second.url], timeout=2).purge(PAGES[:1])

        assert len(api.requests) == len(second.requests) == 1


def test_it_takes_not_cached_as_done(api: Recorder) -> None:
    api.answer(404, b"not cached")

    NginxPurge(urls=[api.url], timeout=2).purge(PAGES)

    assert len(api.requests) == 2


@pytest.mark.parametrize("status", [403, 500, 502])
def test_it_raises_when_nginx_refuses_or_fails(api: Recorder, status: int) -> None:
    api.answer(status, b"nope")

    with pytest.raises(PurgeError, match=f"answered {status}"):
        NginxPurge(urls=[api.url], timeout=2).purge(PAGES)


def test_it_raises_when_nginx_does_not_answer_in_time(api: Recorder) -> None:
    api.answer(200, delay=1.5)

    with pytest.raises(PurgeError, match="timed out"):
        NginxPurge(urls=[api.url], timeout=0.3).purge(PAGES)


def test_it_raises_when_nothing_listens() -> None:
    with recording_server() as gone:
        url = gone.url

    with pytest.raises(PurgeError, match="failed"):
        NginxPurge(urls=[url], timeout=1).purge(PAGES)
