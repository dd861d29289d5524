"""Every request writes one ``request`` line: who asked for what, how it went, what it cost."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from ops.logs.tests.capture import captured_log

pytestmark = [pytest.mark.urls("ops.telemetry.tests.views"), pytest.mark.django_db]


def only_request_line(client: Client, url: str, **extra: str) -> dict[str, object]:
    with captured_log() as log:
        client.get(url, **extra)
    (line,) = log.events("request")
    return line


def test_it_writes_one_line_with_route_status_duration_and_costs() -> None:
    line = only_request_line(Client(), "/telemetry/known/?page=2", HTTP_USER_AGENT="Lynx/2.9")

    assert line["method"] == "GET"
    assert line["route"] == "telemetry-known"
    assert line["path"] == "/telemetry/known/"
    assert line["query"] == "page=2"
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float)
    assert line["duration_ms"] > 0
    assert line["db_queries"] == 3
    assert line["db_ms"] >= 0
    assert (line["cache_hits"], line["cache_misses"]) == (1, 1)
    assert line["user_agent"] == "Lynx/2.9"
    assert line["client_ip"] == "127.0.0.1"
    assert line["user_id"] is None
    assert line["level"] == "info"


def test_it_names_no_route_for_a_path_nothing_serves() -> None:
    line = only_request_line(Client(), "/no/such/page/")

    assert (line["route"], line["status"]) == ("-", 404)


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_it_logs_the_client_address_behind_the_trusted_proxy() -> None:
    line = only_request_line(
        Client(), "/telemetry/known/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9"
    )

    assert line["client_ip"] == "203.0.113.9"


def test_it_masks_secrets_in_the_path_and_the_query() -> None:
    line = only_request_line(
        Client(), "/telemetry/reset/3z-4f9a8c7b6d5e/?token=abcdef123456&page=2"
    )

    assert line["path"] == "/telemetry/reset/3z-[redacted]/"
    assert line["query"] == "token=[redacted]&page=2"


def test_it_leaves_out_the_health_probes() -> None:
    with captured_log() as log:
        Client().get("/healthz")

    assert log.events("request") == []
