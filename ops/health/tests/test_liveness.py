"""/healthz: alive means answering, whatever else is down."""

from __future__ import annotations

from django.test import Client, override_settings


def test_it_answers_ok_without_touching_the_database() -> None:
    # No django_db mark: any database access here would fail the test.
    response = Client().get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Cache-Control"] == "no-store"


@override_settings(
    ALLOWED_HOSTS=["news.example.org"],
    SECURE_SSL_REDIRECT=True,
    CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}},
)
def test_it_answers_a_balancer_probing_the_node_by_address_over_http() -> None:
    response = Client().get("/healthz", HTTP_HOST="10.0.3.7:8000")

    assert response.status_code == 200
