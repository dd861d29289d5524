"""/metrics is for the scraper only: a bearer token, or an address on an allowed network."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from ops.metrics.tests.scrape import scrape

pytestmark = pytest.mark.django_db
TOKEN = "t" * 40


def test_it_answers_a_scrape_from_loopback_in_the_prometheus_text_format() -> None:
    response = Client().get("/metrics")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    assert response["Cache-Control"] == "no-store"
    assert b"# TYPE newsbudget_http_requests_total counter" in response.content


def test_it_refuses_a_client_on_another_network() -> None:
    response = Client(REMOTE_ADDR="203.0.113.9").get("/metrics")

    assert response.status_code == 403
    assert b"newsbudget_" not in response.content


@override_settings(METRICS_TOKEN=TOKEN)
def test_it_admits_any_address_with_the_token_and_refuses_a_wrong_one() -> None:
    outsider = Client(REMOTE_ADDR="203.0.113.9")

    assert outsider.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 200
    assert outsider.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN[:-1]}x").status_code == 403
    assert outsider.get("/metrics", HTTP_AUTHORIZATION=TOKEN).status_code == 403


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_it_judges_a_request_relayed_by_the_proxy_by_its_real_client() -> None:
    relayed = Client(REMOTE_ADDR="127.0.0.1")

    assert relayed.get("/metrics", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 403
    assert relayed.get("/metrics", HTTP_X_FORWARDED_FOR="127.0.0.1").status_code == 200


@override_settings(METRICS_ALLOWED_NETWORKS=["10.0.0.0/8"])
def test_it_admits_the_configured_networks() -> None:
    assert Client(REMOTE_ADDR="10.4.0.7").get("/metrics").status_code == 200
    assert Client(REMOTE_ADDR="127.0.0.1").get("/metrics").status_code == 403


@override_settings(ALLOWED_HOSTS=["news.example.org"], SECURE_SSL_REDIRECT=True)
def test_it_answers_a_scraper_that_addresses_the_node_directly_over_http() -> None:
    response = Client().get("/metrics", HTTP_HOST="10.0.3.7:8000")

    assert response.status_code == 200


def test_it_refuses_to_be_posted_to() -> None:
    assert Client().post("/metrics").status_code == 405


def test_it_names_the_release_the_node_runs(settings: object) -> None:
    samples = scrape()

    releases = [
        dict(labels)["release"] for name, labels in samples if name == "newsbudget_release_info"
    ]
    assert releases == [str(settings.RELEASE)]
