"""Bots and spiders: robots.txt from settings, blocked agents refused, good crawlers let through."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, override_settings

from ops.throttle.events import counts, utc_today
from tests.factories import StoryFactory

GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
SCRAPING = {
    "scraping_pages": {
        "rate": "3/m",
        "routes": ["site:*"],
        "by": "ip",
        "anonymous_only": True,
        "exempt_verified_crawlers": True,
        "fail_open": True,
    }
}


@override_settings(
    BOT_BLOCKED_USER_AGENTS=["GPTBot", "Bytespider"],
    ROBOTS_DISALLOW=["/newsroom/", "/*?page="],
    ROBOTS_SITEMAP_URL="https://news.example.org/sitemap.xml",
)
def test_robots_txt_is_generated_from_settings(client: Client, db: None) -> None:
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == (
        "User-agent: GPTBot\nDisallow: /\n\n"
        "User-agent: Bytespider\nDisallow: /\n\n"
        "User-agent: *\nDisallow: /newsroom/\nDisallow: /*?page=\n\n"
        "Sitemap: https://news.example.org/sitemap.xml\n"
    )


def test_the_sitemap_robots_points_at_lists_live_stories_only(client: Client, desk) -> None:  # type: ignore[no-untyped-def]
    live = StoryFactory(desk=desk, status="live", slug="flood-warning")
    draft = StoryFactory(desk=desk, status="draft", slug="secret-draft")

    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    assert live.get_absolute_url().encode() in response.content
    assert draft.slug.encode() not in response.content
    assert desk.get_absolute_url().encode() in response.content


@override_settings(BOT_BLOCKED_USER_AGENTS=["Bytespider"])
@pytest.mark.parametrize("path", ["/", "/api/v1/stories/", "/accounts/login/", "/nowhere/"])
def test_a_blocked_agent_gets_403_everywhere(client: Client, db: None, path: str) -> None:
    response = client.get(path, HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 5.0) Bytespider")

    assert response.status_code == 403
    assert b"not allowed to crawl" in response.content


@override_settings(BOT_BLOCKED_USER_AGENTS=["Bytespider"])
def test_a_blocked_agent_may_still_read_robots_txt(client: Client, db: None) -> None:
    response = client.get("/robots.txt", HTTP_USER_AGENT="bytespider")

    assert response.status_code == 200
    assert b"User-agent: Bytespider\nDisallow: /" in response.content


@override_settings(BOT_BLOCKED_USER_AGENTS=["Bytespider"])
def test_ordinary_browsers_are_not_blocked(client: Client, db: None) -> None:
    firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"
    assert client.get("/", HTTP_USER_AGENT=firefox).status_code == 200
    assert client.get("/", HTTP_USER_AGENT="").status_code == 200


@override_settings(BOT_BLOCKED_USER_AGENTS=["sqlmap"])
def test_blocks_are_logged_and_counted(
    client: Client, db: None, caplog: pytest.LogCaptureFixture
) -> None:
    client.get("/", HTTP_USER_AGENT="sqlmap/1.8", REMOTE_ADDR="203.0.113.66")

    assert counts(utc_today())["bad-user-agent"] == 1
    [line] = [r.getMessage() for r in caplog.records if r.name == "ops.protection"]
    assert "reason=bad-user-agent" in line
    assert "ip=203.0.113.66" in line
    assert "sqlmap/1.8" in line


def crawl(client: Client, times: int, **headers: Any) -> list[int]:
    return [client.get("/", **headers).status_code for _ in range(times)]


@override_settings(
    RATE_LIMITS=SCRAPING,
    BOT_GOOD_CRAWLERS=["Googlebot"],
    BOT_GOOD_CRAWLER_NETWORKS=["66.249.64.0/19"],
)
def test_a_verified_search_engine_is_not_slowed_by_the_scraping_limits(
    client: Client, db: None
) -> None:
    assert crawl(client, 10, HTTP_USER_AGENT=GOOGLEBOT, REMOTE_ADDR="66.249.66.1") == [200] * 10


@override_settings(
    RATE_LIMITS=SCRAPING,
    BOT_GOOD_CRAWLERS=["Googlebot"],
    BOT_GOOD_CRAWLER_NETWORKS=["66.249.64.0/19"],
)
def test_a_scraper_calling_itself_googlebot_is_slowed_like_anyone(client: Client, db: None) -> None:
    seen = crawl(client, 5, HTTP_USER_AGENT=GOOGLEBOT, REMOTE_ADDR="198.51.100.200")
    assert seen == [200, 200, 200, 429, 429]


@override_settings(RATE_LIMITS=SCRAPING)
def test_a_scraper_is_slowed_with_429_and_told_when_to_come_back(client: Client, db: None) -> None:
    seen = crawl(client, 4, HTTP_USER_AGENT="python-requests/2.32")
    assert seen == [200, 200, 200, 429]
    assert int(client.get("/")["Retry-After"]) >= 1
