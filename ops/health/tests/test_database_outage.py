"""A request that fails on an unreachable database answers 503 with Retry-After, not 500."""

from __future__ import annotations

import json

import pytest
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.test import RequestFactory

from ops.health.outage import server_error


def answer_to(error: Exception, accept: str = "text/html") -> HttpResponse:
    request = RequestFactory().get("/", HTTP_ACCEPT=accept)
    try:
        raise error
    except Exception:
        return server_error(request)


@pytest.mark.parametrize("error", [OperationalError("server closed the connection"),
                                   InterfaceError("connection already closed")])  # fmt: skip
def test_an_unreachable_database_is_a_brief_outage(error: Exception) -> None:
    response = answer_to(error)
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Cache-Control"] == "no-store"
    assert b"Briefly unavailable" in response.content


def test_an_api_client_gets_json() -> None:
    response = answer_to(OperationalError("down"), accept="application/json")
    assert response.status_code == 503
    assert json.loads(response.content)["status"] == 503


@pytest.mark.django_db
def test_any_other_error_is_still_a_500() -> None:
    assert answer_to(ValueError("a bug")).status_code == 500
