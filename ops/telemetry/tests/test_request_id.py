"""The request id: taken from X-Request-ID when it is sane, made up otherwise, always returned."""

from __future__ import annotations

import pytest
from django.test import Client

from ops.logs.tests.capture import captured_log

pytestmark = [pytest.mark.urls("ops.telemetry.tests.views"), pytest.mark.django_db]


def test_it_keeps_the_id_the_proxy_sent_and_returns_it() -> None:
    with captured_log() as log:
        response = Client().get("/telemetry/known/", HTTP_X_REQUEST_ID="nginx-5f0c2b6e")

    assert response["X-Request-ID"] == "nginx-5f0c2b6e"
    assert log.events("request")[0]["request_id"] == "nginx-5f0c2b6e"


def test_it_makes_up_an_id_when_none_was_sent() -> None:
    first = Client().get("/telemetry/known/")["X-Request-ID"]
    second = Client().get("/telemetry/known/")["X-Request-ID"]

    assert len(first) == 32
    assert first != second


@pytest.mark.parametrize(
    "hostile", ["", "a b", "<script>alert(1)</script>", "x" * 129, "id\r\nSet-Cookie: a=b", "é"]
)
def test_it_replaces_an_id_that_is_not_a_plain_token(hostile: str) -> None:
    response = Client().get("/telemetry/known/", HTTP_X_REQUEST_ID=hostile)

    assert response.status_code == 200
    assert response["X-Request-ID"] != hostile
    assert len(response["X-Request-ID"]) == 32
