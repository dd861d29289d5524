"""GET /api/v1/usage/: a partner reads its own key's limits and usage, and nobody else can."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from newsbudget.accounts.models import User
from newsbudget.api.tests.helpers import LIST_URL, SignIn, error_of
from newsbudget.api.tests.partners import issue, keyed
from newsbudget.api.tests.test_schema import assert_matches
from ops.apikeys import metering, services
from ops.apikeys.models import KeyUsage

USAGE_URL = "/api/v1/usage/"


@pytest.fixture
def openapi(api: APIClient) -> dict[str, Any]:
    response = api.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema: dict[str, Any] = response.json()
    return schema


def utc_today() -> datetime.date:
    return timezone.now().astimezone(datetime.UTC).date()


def test_it_shows_the_keys_quotas_and_usage_flushed_and_buffered(db: None) -> None:
    issued = issue(daily_quota=100, monthly_quota=0, rate="20/s")
    today = utc_today()
    KeyUsage.objects.create(
        key_id=issued.key.pk, day=today - datetime.timedelta(days=2), endpoint="desks", count=4,
        response_bytes=400,
    )  # fmt: skip
    client = keyed(issued.secret)
    listed = client.get(LIST_URL)
    metering.flush(now=timezone.now())
    client.get(LIST_URL)

    body = client.get(USAGE_URL).json()

    assert body["prefix"] == issued.key.prefix
    assert body["partner"] == "Acme News"
    assert body["expires_at"] is None
    assert body["rate_limit"] == {"requests": 20, "per_seconds": 1}
    assert body["today"]["used"] == 2
    assert body["today"]["quota"] == 100
    assert body["today"]["resets_at"] == f"{today + datetime.timedelta(days=1)}T00:00:00Z"
    assert body["this_month"]["quota"] is None
    assert body["this_month"]["used"] == 2 + (4 if today.day > 2 else 0)
    assert body["days"] == [
        {
            "day": today.isoformat(),
            "endpoint": "story-list",
            "requests": 2,
            "bytes": 2 * len(listed.content),
        },
        {
            "day": (today - datetime.timedelta(days=2)).isoformat(),
            "endpoint": "desks",
            "requests": 4,
            "bytes": 400,
        },
    ]


def test_it_shows_as_many_days_as_asked(db: None) -> None:
    issued = issue()
    long_ago = utc_today() - datetime.timedelta(days=10)
    KeyUsage.objects.create(key_id=issued.key.pk, day=long_ago, endpoint="desks", count=1)
    client = keyed(issued.secret)

    assert client.get(USAGE_URL).json()["days"] == []
    # Reading usage is a request like any other: the one above is in today's row.
    assert [row["day"] for row in client.get(USAGE_URL, {"days": 11}).json()["days"]] == [
        utc_today().isoformat(),
        long_ago.isoformat(),
    ]


def test_it_shows_only_the_calling_keys_usage(db: None) -> None:
    mine, theirs = issue(), issue(partner="The Globe")
    keyed(theirs.secret).get(LIST_URL)

    body = keyed(mine.secret).get(USAGE_URL).json()

    assert (body["partner"], body["today"]["used"], body["days"]) == ("Acme News", 0, [])


@pytest.mark.parametrize("days", ["0", "91", "-1", "seven", "1e3", "9" * 5000])
def test_it_refuses_days_outside_1_to_90(db: None, days: str) -> None:
    response = keyed(issue().secret).get(USAGE_URL, {"days": days})

    assert response.status_code == 400
    assert list(error_of(response)["fields"]) == ["days"]


def test_it_needs_an_api_key(db: None, sign_in: SignIn, editor: User) -> None:
    for client in (APIClient(), sign_in(editor)):
        response = client.get(USAGE_URL)

        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Api-Key"
        assert error_of(response)["message"] == (
            "Usage belongs to an API key: send `Authorization: Api-Key <key>`."
        )


def test_a_revoked_key_cannot_read_its_usage(db: None) -> None:
    issued = issue()
    services.revoke_key(key=issued.key)

    response = keyed(issued.secret).get(USAGE_URL)

    assert response.status_code == 401
    assert "revoked" in error_of(response)["message"]


def test_the_usage_response_matches_the_published_schema(db: None, openapi: dict[str, Any]) -> None:
    client = keyed(issue(expires_at=timezone.now() + datetime.timedelta(days=30)).secret)
    client.get(LIST_URL)

    assert_matches(openapi, USAGE_URL, "get", client.get(USAGE_URL), 200)
    assert_matches(openapi, USAGE_URL, "get", client.get(USAGE_URL, {"days": 0}), 400)
    assert_matches(openapi, USAGE_URL, "get", APIClient().get(USAGE_URL), 401)


def test_the_schema_offers_api_keys_for_reads_only(openapi: dict[str, Any]) -> None:
    scheme = openapi["components"]["securitySchemes"]["ApiKeyAuth"]
    paths = openapi["paths"]

    assert (scheme["type"], scheme["in"], scheme["name"]) == ("apiKey", "header", "Authorization")
    assert {"ApiKeyAuth": []} in paths["/api/v1/stories/"]["get"]["security"]
    assert {"ApiKeyAuth": []} not in paths["/api/v1/stories/"]["post"]["security"]
    assert paths[USAGE_URL]["get"]["security"] == [{"ApiKeyAuth": []}]
