"""The admin: editors issue keys (shown once), revoke them, and see usage per key without N+1."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ops.apikeys import keys, metering, services
from ops.apikeys.models import APIKey, KeyUsage
from ops.apikeys.services import IssuedKey

KEYS_URL = "/admin/apikeys/apikey/"
USAGE_URL = "/admin/apikeys/keyusage/"
NEW_KEY = {
    "partner": "The Globe",
    "contact_email": "dev@globe.test",
    "expires_at_0": "",
    "expires_at_1": "",
    "daily_quota": "1000",
    "monthly_quota": "",
    "rate": "120/m",
}


@pytest.fixture
def browser(editor: Any) -> Client:
    """An editor signed in to the admin (every role's user has 2FA from the factories)."""
    client = Client()
    client.force_login(editor)
    return client


def test_an_editor_issues_a_key_and_sees_it_once(browser: Client, editor: Any) -> None:
    response = browser.post(f"{KEYS_URL}add/", NEW_KEY)

    assert response.status_code == 200
    key = APIKey.objects.get()
    page = response.content.decode()
    [secret] = [word.split('"')[0] for word in page.split('value="')[1:] if word.startswith("nbk_")]
    assert keys.well_formed(secret)
    assert key.hashed_key == keys.digest(secret)
    assert (key.created_by, key.daily_quota, key.rate) == (editor, 1000, "120/m")
    assert "no-store" in response["Cache-Control"]
    assert "This is the only time the key is shown." in page

    later = browser.get(f"{KEYS_URL}{key.pk}/change/")
    assert later.status_code == 200
    assert key.prefix in later.content.decode()
    assert secret not in later.content.decode()


def test_it_refuses_an_invalid_rate_on_the_form(browser: Client) -> None:
    response = browser.post(f"{KEYS_URL}add/", {**NEW_KEY, "rate": "fast"})

    assert response.status_code == 200
    assert "A rate is COUNT/PERIOD" in response.content.decode()
    assert not APIKey.objects.exists()


def test_an_editor_revokes_keys_with_the_action(browser: Client, issued: IssuedKey) -> None:
    response = browser.post(
        KEYS_URL, {"action": "revoke_selected", "_selected_action": [issued.key.pk]}, follow=True
    )

    assert response.status_code == 200
    assert f"Revoked 1 key(s): {issued.key.prefix}." in response.content.decode()
    assert APIKey.objects.get().revoked_at is not None


def test_editors_cannot_delete_keys(browser: Client, issued: IssuedKey) -> None:
    assert browser.get(f"{KEYS_URL}{issued.key.pk}/delete/").status_code == 403


def queries_for_the_key_list(browser: Client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = browser.get(KEYS_URL)
    assert response.status_code == 200
    return len(captured)


def test_the_key_list_runs_the_same_queries_for_1_key_as_for_12(
    browser: Client, issued: IssuedKey
) -> None:
    queries_for_the_key_list(browser)  # warm Django's content-type cache
    one = queries_for_the_key_list(browser)
    for number in range(11):
        services.issue_key(partner=f"Partner {number}")

    assert queries_for_the_key_list(browser) == one


def test_the_key_list_shows_usage_flushed_and_buffered(browser: Client, issued: IssuedKey) -> None:
    now = timezone.now()
    KeyUsage.objects.create(
        key_id=issued.key.pk, day=now.date(), endpoint="story-list", count=1200, response_bytes=1
    )
    metering.record(key_id=issued.key.pk, endpoint="story-list", response_bytes=5, now=now)

    page = browser.get(KEYS_URL).content.decode()

    assert '<td class="field-requests_today">1,201</td>' in page
    assert '<td class="field-requests_this_month">1,201</td>' in page


def test_the_usage_rows_are_read_only(browser: Client, issued: IssuedKey) -> None:
    row = KeyUsage.objects.create(
        key_id=issued.key.pk,
        day=timezone.now().date(),
        endpoint="desks",
        count=3,
        response_bytes=30,
    )

    listing = browser.get(USAGE_URL)
    assert listing.status_code == 200
    assert "desks" in listing.content.decode()
    assert browser.get(f"{USAGE_URL}{row.pk}/change/").status_code == 200
    assert browser.post(f"{USAGE_URL}{row.pk}/change/", {"count": 0}).status_code == 403
    assert browser.get(f"{USAGE_URL}add/").status_code == 403


def test_reporters_cannot_reach_the_keys(reporter: Any, issued: IssuedKey) -> None:
    client = Client()
    client.force_login(reporter)

    assert client.get(KEYS_URL).status_code == 302  # to the admin login: not staff
