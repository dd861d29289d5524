"""With Redis stopped, reads are served and logins refused; once it is back, limits count again.

The fail-open/fail-closed choice is a setting (RATE_LIMIT_READS_FAIL_OPEN,
RATE_LIMIT_LOGIN_FAIL_OPEN); these tests stop a real redis-server under the
running site (SHUTDOWN), then start it again from the same configuration.
"""

from __future__ import annotations

import contextlib
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from django.test import Client, override_settings
from django.urls import reverse

from ops.cache import resilient
from ops.config.caches import cache_from_url
from tests.factories import StoryFactory
from tests.servers import redis_binary, redis_server, stop_process, wait_until_redis_answers

pytestmark = pytest.mark.system

PAGES_LIMIT = 3


class Redis:
    """A running redis-server that a test can stop and start again on the same port."""

    def __init__(self, url: str) -> None:
        self.url = url
        admin = redis.Redis.from_url(url)
        self.config = Path(str(admin.config_get("dir")["dir"])) / "redis.conf"
        admin.close()
        self.restarted: subprocess.Popen[bytes] | None = None

    def stop(self) -> None:
        admin = redis.Redis.from_url(self.url)
        with contextlib.suppress(redis.ConnectionError):  # it hangs up as it exits
            admin.shutdown(nosave=True)
        admin.close()

    def start(self) -> None:
        self.restarted = subprocess.Popen(
            [str(redis_binary()), str(self.config)],
            cwd=self.config.parent,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        assert wait_until_redis_answers(self.url, self.restarted, time.monotonic() + 10)


@pytest.fixture
def stoppable_redis(monkeypatch: pytest.MonkeyPatch) -> Iterator[Redis]:
    monkeypatch.setattr(resilient, "RETRY_SECONDS", 0.3)
    with redis_server() as url:
        server = Redis(url)
        caches = {"default": {**cache_from_url(url), "KEY_PREFIX": "without-redis"}}
        pages = {
            "rate": f"{PAGES_LIMIT}/m",
            "routes": ["site:*"],
            "by": "ip",
            "fail_open": True,
        }
        with override_settings(CACHES=caches, RATE_LIMITS={**_login_rules(), "pages": pages}):
            try:
                yield server
            finally:
                if server.restarted is not None:
                    stop_process(server.restarted)


def _login_rules() -> dict[str, dict[str, object]]:
    from django.conf import settings

    return {"login": settings.RATE_LIMITS["login"]}


def test_public_pages_and_the_api_are_served_while_redis_is_down(
    stoppable_redis: Redis,
    desk,  # type: ignore[no-untyped-def]
) -> None:
    story = StoryFactory(desk=desk, status="live")
    reader = Client()
    assert reader.get("/").status_code == 200

    stoppable_redis.stop()

    for url in ["/", story.get_absolute_url(), desk.get_absolute_url(), "/api/v1/stories/"]:
        for _ in range(PAGES_LIMIT + 2):  # over the limit: nothing can be counted, so fail open
            response = reader.get(url)
            assert response.status_code == 200, url


def test_logins_are_refused_while_redis_is_down(stoppable_redis: Redis, db: None) -> None:
    stoppable_redis.stop()

    response = Client().post(reverse("account_login"), {"login": "x", "password": "y" * 12})

    assert response.status_code == 429
    assert b"briefly unavailable" in response.content
    assert "Retry-After" in response


def test_limits_count_again_once_redis_is_back(stoppable_redis: Redis, db: None) -> None:
    reader = Client()
    stoppable_redis.stop()
    assert reader.get("/").status_code == 200

    stoppable_redis.start()
    time.sleep(0.4)  # the circuit breaker's retry interval, shortened by the fixture

    seen = [reader.get("/").status_code for _ in range(PAGES_LIMIT + 1)]
    assert seen == [200] * PAGES_LIMIT + [429]


def test_page_views_are_dropped_with_a_log_line_while_redis_is_down(
    stoppable_redis: Redis,
    desk,  # type: ignore[no-untyped-def]
    caplog: pytest.LogCaptureFixture,
) -> None:
    story = StoryFactory(desk=desk, status="live")
    reader = Client(HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0")
    assert reader.get(story.get_absolute_url()).status_code == 200

    stoppable_redis.stop()

    assert reader.get(story.get_absolute_url()).status_code == 200
    assert reader.post(f"/stories/{story.slug}/view").status_code == 204
    assert f"Page view of story {story.pk} not counted" in caplog.text
