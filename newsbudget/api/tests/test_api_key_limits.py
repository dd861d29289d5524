"""Each key's rate limit and quotas, and the price of guessing keys: 429s with Retry-After."""

from __future__ import annotations

import re

import pytest
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from newsbudget.api.tests.helpers import LIST_URL, error_of
from newsbudget.api.tests.partners import issue, keyed
from ops.apikeys import metering
from ops.apikeys.models import KeyUsage
from ops.throttle.events import counts, utc_today

UNKNOWN_KEY = "nbk_0123abcd_" + "A" * 43


def test_a_key_over_its_rate_limit_gets_429_with_retry_after(db: None) -> None:
    client = keyed(issue(rate="3/m").secret)

    statuses = [client.get(LIST_URL).status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    response = client.get(LIST_URL)
    assert 1 <= int(response["Retry-After"]) <= 60
    error = error_of(response)
    assert error["code"] == "throttled"
    assert re.fullmatch(
        r"This API key's rate limit of 3 requests per minute is used up; "
        r"try again in \d+ seconds\.",
        error["message"],
    )


@override_settings(API_KEY_RATE="2/h")
def test_the_sites_rate_applies_to_keys_without_their_own(db: None) -> None:
    client = keyed(issue().secret)

    assert [client.get(LIST_URL).status_code for _ in range(3)] == [200, 200, 429]


def test_keys_are_limited_separately(db: None) -> None:
    first, second = keyed(issue(rate="1/m").secret), keyed(issue(rate="1/m").secret)

    assert first.get(LIST_URL).status_code == 200
    assert first.get(LIST_URL).status_code == 429
    assert second.get(LIST_URL).status_code == 200


def test_a_key_over_its_daily_quota_gets_429_naming_the_quota(db: None) -> None:
    client = keyed(issue(daily_quota=2, monthly_quota=0).secret)

    assert [client.get(LIST_URL).status_code for _ in range(2)] == [200, 200]
    response = client.get(LIST_URL)

    assert response.status_code == 429
    message = error_of(response)["message"]
    assert message.startswith("This API key has used its daily quota of 2 requests. ")
    assert re.search(r"It resets at \d{4}-\d\d-\d\d 00:00 UTC, in [\d,]+ seconds\.$", message)
    assert 1 <= int(response["Retry-After"]) <= 86400


def test_a_key_over_its_monthly_quota_gets_429_naming_the_quota(db: None) -> None:
    client = keyed(issue(daily_quota=0, monthly_quota=1).secret)

    assert client.get(LIST_URL).status_code == 200
    response = client.get(LIST_URL)

    assert response.status_code == 429
    assert "used its monthly quota of 1 request. " in error_of(response)["message"]
    assert re.search(r"resets at \d{4}-\d\d-01 00:00 UTC", error_of(response)["message"])


def test_refusals_are_counted_by_reason(db: None) -> None:
    client = keyed(issue(rate="1/m", daily_quota=5).secret)
    client.get(LIST_URL)
    client.get(LIST_URL)
    over_quota = keyed(issue(daily_quota=1).secret)
    over_quota.get(LIST_URL)
    over_quota.get(LIST_URL)

    today = counts(utc_today())
    assert (today["api-key-rate"], today["api-key-quota"]) == (1, 1)


@override_settings(API_KEY_FAILURE_RATE="3/h")
def test_guessing_keys_from_one_address_soon_gets_429s(db: None) -> None:
    valid = issue().secret
    guesser = APIClient(REMOTE_ADDR="203.0.113.9")

    statuses = [
        guesser.get(LIST_URL, HTTP_AUTHORIZATION=f"Api-Key {UNKNOWN_KEY}").status_code
        for _ in range(4)
    ]
    assert statuses == [401, 401, 401, 429]

    # Even a right guess is now refused, without a lookup; other addresses are unaffected.
    response = guesser.get(LIST_URL, HTTP_AUTHORIZATION=f"Api-Key {valid}")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert error_of(response)["message"].startswith(
        "Too many failed API key attempts from your address; try again in "
    )
    assert counts(utc_today())["api-key-invalid"] == 1
    assert keyed(valid).get(LIST_URL, REMOTE_ADDR="198.51.100.7").status_code == 200


@override_settings(API_KEY_FAILURE_RATE="2/h")
def test_malformed_keys_count_as_failures_too(db: None) -> None:
    guesser = APIClient()

    statuses = [
        guesser.get(LIST_URL, HTTP_AUTHORIZATION="Api-Key \x00").status_code for _ in range(3)
    ]

    assert statuses == [401, 401, 429]


@pytest.mark.parametrize("limit", [{"rate": "1/m"}, {"daily_quota": 1}])
def test_refused_requests_are_not_metered(db: None, limit: dict[str, object]) -> None:
    issued = issue(**limit)
    client = keyed(issued.secret)
    client.get(LIST_URL)
    client.get(LIST_URL)

    metering.flush(now=timezone.now())
    assert KeyUsage.objects.get(key_id=issued.key.pk).count == 1
