"""Hostile requests never get a 500 and never leave a new entry in the cache.

Every public page, feed and API read is asked, by an anonymous reader, a
signed-in editor and an API token, with malformed conditional, Range and
Accept-Encoding headers, huge query strings, thousands of unknown parameters,
repeated parameters, bytes that are not UTF-8 and NUL bytes, in the query
string and in the path.  Each answer must be below 500, and afterwards the
cache must hold exactly the entries the ordinary requests left (the pages,
their versions and lookups): a client cannot fill it with variants, and the
ordinary page is still served from it, unchanged.

Counting entries works for each backend the suite runs on (locmem, diskcache,
Redis).  The per-minute traffic counters of the ops dashboard (``rollup:``
keys, ops.dashboard.aggregate) are left out of the count: every request adds
to them by design, and their number is bounded by route names, not by
anything a client sends.  Requests are made with ``raise_request_exception=False`` so that one
run lists every request that failed, not just the first.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.test import Client
from rest_framework.authtoken.models import Token

from newsbudget.accounts.models import User
from newsbudget.desks.models import Desk
from newsbudget.site.tests.helpers import Publish
from newsbudget.stories.models import Story

SLUG = "harbour-bridge-reopens"
HEADERS: list[dict[str, str]] = [
    {"If-None-Match": 'garbage, "unterminated'},
    {"If-None-Match": "W/" * 5000},
    {"If-None-Match": '"' + "a" * 10_000 + '"'},
    {"If-None-Match": ", , ,*"},
    {"If-None-Match": "\x00\x7fé"},
    {"If-Modified-Since": "yesterday-ish"},
    {"If-Modified-Since": "Mon, 99 Foo 99999 99:99:99 GMT"},
    {"If-Modified-Since": "Sat, 01 Jan 10000 00:00:00 GMT"},
    {"If-Modified-Since": "Thu, 01 Jan 1970 00:00:00 GMT"},
    {"If-Modified-Since": "9" * 400},
    {"If-Unmodified-Since": "garbage"},
    {"If-Match": '"nope"'},
    {"Range": "bytes=999999999-0"},
    {"Range": "bytes=" + ",".join(["0-1"] * 2000)},
    {"Range": "items=-"},
    {"Accept-Encoding": "gzip;q=nan, br;q=" + "9" * 1000},
    {"Accept-Encoding": "identity;q=0, *;q=0"},
    {"Accept-Encoding": "x" * 10_000},
    {"Accept": "application/json; indent=999999999"},
    {"Accept": "*/*;q=abc, text/html;;;"},
    {"Cookie": "sessionid=" + "x" * 4000},
    {"Cookie": "sessionid=aaaaaaaaaa\x00"},
    {"Cookie": 'sessionid="aaaaaaaaaa\\000"'},  # printable on the wire; a NUL once parsed
    {"Cookie": "messages=forged; csrftoken=" + "y" * 5000},
    {"Cookie": "; ".join(f"c{number}=v" for number in range(3000))},
    {"Authorization": "Token " + "\x00" * 40},
    {"Authorization": "Basic !!!"},
]
QUERIES: list[str] = [
    "x=" + "a" * 8_000,
    "x=" + "a" * 100_000,
    "&".join(f"p{number}=1" for number in range(999)),
    "&".join(f"p{number}=1" for number in range(5000)),
    "page=1&page=2",
    "page=2&page=1",
    "page=1&page=1&page=1",
    "desk=news&desk=sports&tag=a&tag=b",
    "page_size=5&page_size=500",
    "page=%ff%fe",
    "%ff%fe=%ff",
    "desk=%ff&tag=%C0%AF&status=%ff",
    "page=%00",
    "%00=%00",
    "desk=news%00&tag=%00&status=live%00",
    "budget_after=2026-01-01%00&budget_before=%00",
    "format=%00",
    "page_size=%00",
    "page=%C2%B2",  # "²": a digit to str.isdigit(), not to int()
    "page=%D9%A3",  # "٣", ARABIC-INDIC DIGIT THREE
    "page=-1",
    "page=" + "9" * 500,
    "utm_source=x&fbclid=y&gclid=z",
    # SQL injection (tests/hostile/test_sql_injection.py checks the answers; here, the cache)
    "desk=%27+OR+1%3D1--&tag=news%27+--&status=live%27",
    "budget_after=2026-01-01%27&budget_before=%27%29+UNION+SELECT+password+FROM+accounts_user--",
    "ordering=-password&search=%27+OR+%271%27%3D%271&page=1%3BDROP+TABLE+stories_story",
]
PATHS: list[str] = [
    "/stories/%00/",
    "/stories/harbour%00bridge/",
    "/stories/%ff%fe/",
    f"/stories/{'a' * 5000}/",
    "/desks/%ff%fe/",
    "/desks/news%00/",
    "/desks/news%00/feed.rss",
    "/desks/news/feed.atom%00",
    "/%00",
    "/api/v1/stories/%00/",
    "/api/v1/stories/%ff/",
    "/api/v1/stories/" + "9" * 40 + "/",
    "/api/v1/stories/0001/",
    "/api/v1/desks/%00/",
    "/api/v1/budget/0000-01-01/",
    "/api/v1/budget/9999-99-99/",
    "/api/v1/%ff%fe/",
]


@pytest.fixture
def story(publish: Publish, desk: Desk, other_desk: Desk) -> Story:
    return publish(desk, headline="Harbour bridge reopens", slug=SLUG)


@pytest.fixture
def urls(story: Story) -> list[str]:
    return [
        "/",
        "/desks/news/",
        "/desks/news/feed.rss",
        "/desks/news/feed.atom",
        f"/stories/{SLUG}/",
        "/api/v1/stories/",
        f"/api/v1/stories/{story.pk}/",
        "/api/v1/desks/",
        f"/api/v1/budget/{story.budget_date.isoformat()}/",
    ]


@pytest.fixture(params=["anonymous", "editor", "token"])
def visitor(request: pytest.FixtureRequest, editor: User) -> Client:
    client = Client(raise_request_exception=False)
    if request.param == "editor":
        client.force_login(editor)
    if request.param == "token":
        token, _ = Token.objects.get_or_create(user=editor)
        client.defaults["HTTP_AUTHORIZATION"] = f"Token {token.key}"
    return client


@pytest.fixture(autouse=True)
def _no_rate_limits(settings) -> None:  # type: ignore[no-untyped-def]
    """Hundreds of requests from one address would meet the scraping limits (tests/protection
    covers those), and each address's counter is one more cache entry by design."""
    settings.RATE_LIMITS = {}


TRAFFIC_COUNTERS = ":rollup:"


def cache_entries() -> int:
    """How many entries the shared cache holds (traffic counters aside), on each backend."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        prefix = settings.CACHES["default"].get("KEY_PREFIX", "")
        keys = [key.decode() for key in backend._cache.get_client().keys(f"{prefix}*")]
    else:
        keys = [str(key) for key in backend._cache]  # LocMemCache's dict, diskcache's FanoutCache
    return sum(1 for key in keys if TRAFFIC_COUNTERS not in key)


@pytest.fixture
def warm(urls: list[str]) -> Iterator[dict[str, str]]:
    """Every URL served once to an anonymous reader; afterwards, the cache is as it was."""
    reader = Client()
    etags = {url: reader.get(url).get("ETag", "") for url in urls}
    entries = cache_entries()

    yield etags

    assert cache_entries() == entries, "a hostile request left an entry in the cache"
    for url, etag in etags.items():
        again = reader.get(url)
        assert again.get("ETag", "") == etag, url
        if etag:
            assert again["X-App-Cache"] == "hit", url


def server_errors(client: Client, requests: list[tuple[str, dict[str, str]]]) -> list[str]:
    """Each request that got a 5xx, with its status."""
    failed = []
    for url, headers in requests:
        response = client.get(url, headers=headers)
        if response.status_code >= 500:
            failed.append(f"{response.status_code} {url[:120]} {str(headers)[:120]}")
    return failed


def test_hostile_headers_never_give_a_500_or_fill_the_cache(
    visitor: Client, urls: list[str], warm: dict[str, str]
) -> None:
    requests = [(url, headers) for url in urls for headers in HEADERS]

    assert server_errors(visitor, requests) == []


def test_hostile_query_strings_never_give_a_500_or_fill_the_cache(
    visitor: Client, urls: list[str], warm: dict[str, str]
) -> None:
    requests = [(f"{url}?{query}", {}) for url in urls for query in QUERIES]

    assert server_errors(visitor, requests) == []


def test_hostile_paths_never_give_a_500_or_fill_the_cache(
    visitor: Client, warm: dict[str, str]
) -> None:
    requests = [(path, {}) for path in PATHS] + [
        (f"{path}?{query}", {}) for path in PATHS for query in QUERIES[4:8]
    ]

    assert server_errors(visitor, requests) == []
