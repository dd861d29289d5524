"""Refusals and partner API use show in the metrics: blocks by reason, requests by key."""

from __future__ import annotations

from django.test import Client, override_settings

from newsbudget.api.tests.partners import issue, keyed
from ops.metrics.tests.scrape import value


def test_it_counts_bot_blocks_by_reason(db: None) -> None:
    before = value("newsbudget_protection_blocks_total", reason="bad-user-agent")

    assert Client().get("/", HTTP_USER_AGENT="Bytespider").status_code == 403

    assert value("newsbudget_protection_blocks_total", reason="bad-user-agent") == before + 1


@override_settings(
    RATE_LIMITS={"pages": {"rate": "1/m", "routes": ["site:*"], "by": "ip", "fail_open": True}}
)
def test_it_counts_rate_limit_refusals_by_rule(db: None) -> None:
    before = value("newsbudget_protection_blocks_total", reason="rate:pages")

    statuses = [Client().get("/").status_code for _ in range(3)]

    assert statuses == [200, 429, 429]
    assert value("newsbudget_protection_blocks_total", reason="rate:pages") == before + 2


def test_it_counts_api_requests_by_the_public_prefix_of_the_partner_key(db: None) -> None:
    partner = issue()
    prefix = partner.key.prefix

    for _ in range(2):
        assert keyed(partner.secret).get("/api/v1/stories/").status_code == 200

    assert value("newsbudget_api_key_requests_total", key=prefix, status="200") == 2
    exposition = Client().get("/metrics").content.decode()
    assert partner.secret.removeprefix(prefix) not in exposition
