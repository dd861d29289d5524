"""RATE_LIMITS end to end: who is counted, what a refused client sees, what is logged."""

from __future__ import annotations

import logging
from io import StringIO
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse

from ops.throttle import counters
from ops.throttle.events import counts, utc_today
from tests.factories import StoryFactory


def rule(rate: str, routes: list[str], **options: Any) -> dict[str, Any]:
    return {"rate": rate, "routes": routes, "by": "ip", "fail_open": True, **options}


def statuses(client: Client, url: str, times: int, **headers: Any) -> list[int]:
    return [client.get(url, **headers).status_code for _ in range(times)]


@pytest.fixture
def live_story(desk):  # type: ignore[no-untyped-def]
    return StoryFactory(desk=desk, status="live")


@override_settings(RATE_LIMITS={"pages": rule("3/m", ["site:*"])})
def test_a_client_over_the_limit_gets_429_with_retry_after_and_an_html_page(
    client: Client, db: None
) -> None:
    assert statuses(client, "/", 3) == [200, 200, 200]

    refused = client.get("/")

    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused["Content-Type"].startswith("text/html")
    assert b"the limit here is 3 per minute" in refused.content
    assert "no-store" in refused["Cache-Control"]


@override_settings(RATE_LIMITS={"api": rule("2/m", ["api:*"])})
def test_api_refusals_are_json_in_the_api_error_format(client: Client, db: None) -> None:
    assert statuses(client, "/api/v1/stories/", 2) == [200, 200]

    refused = client.get("/api/v1/stories/")

    assert refused.status_code == 429
    assert refused.json() == {
        "error": {
            "status": 429,
            "code": "throttled",
            "message": "Too many requests: the limit here is 2 per minute.",
        }
    }
    assert "Retry-After" in refused


@override_settings(RATE_LIMITS={"pages": rule("2/m", ["site:*"])})
def test_each_client_address_has_its_own_count(client: Client, db: None) -> None:
    assert statuses(client, "/", 3, REMOTE_ADDR="198.51.100.1") == [200, 200, 429]
    assert statuses(client, "/", 2, REMOTE_ADDR="198.51.100.2") == [200, 200]


@override_settings(TRUSTED_PROXY_COUNT=1, RATE_LIMITS={"pages": rule("2/m", ["site:*"])})
def test_a_forged_forwarded_for_header_does_not_buy_a_fresh_count(client: Client, db: None) -> None:
    seen = [
        client.get("/", REMOTE_ADDR="10.0.0.2",
                   HTTP_X_FORWARDED_FOR=f"203.0.113.{n}, 198.51.100.9").status_code
        for n in range(3)
    ]  # fmt: skip
    assert seen == [200, 200, 429]


@override_settings(RATE_LIMITS={"api": rule("2/m", ["api:*"], by="user-or-ip")})
def test_signed_in_users_are_counted_each_on_their_own_not_by_the_office_address(
    editor,
    reporter,  # type: ignore[no-untyped-def]
) -> None:
    first, second = Client(REMOTE_ADDR="198.51.100.50"), Client(REMOTE_ADDR="198.51.100.50")
    first.force_login(editor)
    second.force_login(reporter)

    assert statuses(first, "/api/v1/desks/", 3) == [200, 200, 429]
    assert statuses(second, "/api/v1/desks/", 2) == [200, 200]


@override_settings(RATE_LIMITS={"pages": rule("1/m", ["site:*"], anonymous_only=True)})
def test_anonymous_only_rules_leave_signed_in_staff_alone(client: Client, editor) -> None:  # type: ignore[no-untyped-def]
    client.force_login(editor)
    assert statuses(client, "/", 3) == [200, 200, 200]


@override_settings(
    PAGE_SIZE=1,
    RATE_LIMITS={"list_pages": rule("2/m", ["site:home"], min_page=2)},
)
def test_deep_pagination_is_limited_but_the_first_page_is_not(client: Client, desk) -> None:  # type: ignore[no-untyped-def]
    StoryFactory.create_batch(5, desk=desk, status="live")

    assert statuses(client, "/", 4) == [200] * 4
    walked = [client.get(f"/?page={n}").status_code for n in (2, 3, 4)]
    assert walked == [200, 200, 429]


@override_settings(RATE_LIMITS={"api": rule("1/m", ["api:*"], exempt_api_keys=True)})
def test_api_key_requests_are_left_to_the_apis_own_per_key_limits(client: Client, db: None) -> None:
    # The key is not valid; what matters is that the per-IP rule does not count it.
    keyed = [
        client.get("/api/v1/desks/", HTTP_AUTHORIZATION="Api-Key nbk_x").status_code
        for _ in range(3)
    ]
    assert 429 not in keyed


@override_settings(
    RATE_LIMITS={"login": rule("2/m", ["site:story"], methods=["POST"], fail_open=False)}
)
def test_method_lists_limit_only_those_methods(client: Client, live_story) -> None:  # type: ignore[no-untyped-def]
    url = live_story.get_absolute_url()
    assert statuses(client, url, 4) == [200] * 4
    assert [client.post(url).status_code for _ in range(3)][-1] == 429


@override_settings(RATE_LIMITS={"pages": rule("1/m", ["site:*"])})
def test_refusals_are_logged_with_reason_address_and_agent_and_counted(
    client: Client, db: None, caplog: pytest.LogCaptureFixture
) -> None:
    client.get("/")
    with caplog.at_level(logging.WARNING, logger="ops.protection"):
        client.get("/", HTTP_USER_AGENT="ScraperBot/1.0", REMOTE_ADDR="198.51.100.77")
        client.get("/", HTTP_USER_AGENT="ScraperBot/1.0", REMOTE_ADDR="198.51.100.77")
        client.get("/", HTTP_USER_AGENT="ScraperBot/1.0", REMOTE_ADDR="198.51.100.77")

    lines = [r.getMessage() for r in caplog.records if r.name == "ops.protection"]
    assert len(lines) == 2
    assert "reason=rate:pages" in lines[0]
    assert "ip=198.51.100.77" in lines[0]
    assert "ScraperBot/1.0" in lines[0]
    assert counts(utc_today())["rate:pages"] == 2

    report = StringIO()
    call_command("protection_report", "--days", "1", stdout=report)
    assert any(line.split() == ["rate:pages", "2"] for line in report.getvalue().splitlines()), (
        report.getvalue()
    )


def test_the_default_limits_cover_login_api_search_contact_and_scraping(settings) -> None:  # type: ignore[no-untyped-def]
    assert set(settings.RATE_LIMITS) >= {
        "login", "password_reset", "api", "api_writes", "search", "contact",
        "scraping_list_pages", "scraping_pages",
    }  # fmt: skip
    assert settings.RATE_LIMITS["login"]["fail_open"] is False
    assert settings.RATE_LIMITS["api"]["fail_open"] is True


@override_settings(RATE_LIMITS={"login": {**rule("2/m", ["account_login"]), "methods": ["POST"]}})
def test_login_attempts_are_limited_per_address(
    client: Client, db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Fixed windows: three slow sign-ins could straddle a window's end and all be allowed.
    # The counters' clock stands still mid-window, so the third is always the refused one.
    monkeypatch.setattr(counters, "time", SimpleNamespace(time=lambda: 1_000_030.0))
    url = reverse("account_login")
    attempts = [
        client.post(url, {"login": "nobody", "password": "wrong-password-1"}).status_code
        for _ in range(3)
    ]
    assert attempts[-1] == 429
    assert 429 not in attempts[:2]
