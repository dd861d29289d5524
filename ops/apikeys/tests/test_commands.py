"""The management commands: issue (shown once), revoke, flush, and read usage as a table or CSV."""

from __future__ import annotations

import csv
import datetime
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from ops.apikeys import keys, metering, services
from ops.apikeys.models import APIKey, KeyUsage
from ops.apikeys.services import IssuedKey


def run(*args: Any) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_create_api_key_prints_the_key_once_and_stores_its_digest(db: None) -> None:
    output = run("create_api_key", "--partner", "Acme News", "--expires-days", "30",
                 "--daily-quota", "500", "--rate", "10/s")  # fmt: skip

    *lines, secret = output.splitlines()
    key = APIKey.objects.get()
    assert keys.well_formed(secret)
    assert output.count(secret) == 1
    assert key.hashed_key == keys.digest(secret)
    assert lines[0].startswith(f"Issued {key.prefix} to Acme News (expires ")
    assert "daily quota: 500;" in lines[0]
    assert "monthly quota: 250,000 (default)" in lines[0]
    assert "rate: 10 requests per second)" in lines[0]
    assert lines[1] == "The key is shown once; store it now:"
    assert (key.daily_quota, key.monthly_quota, key.rate) == (500, None, "10/s")
    assert key.expires_at is not None
    assert key.expires_at - timezone.now() > datetime.timedelta(days=29)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--rate", "lots"], "A rate is COUNT/PERIOD"),
        (["--expires-days", "0"], "--expires-days must be 1 or more"),
        (["--daily-quota", "-1"], "--daily-quota must be 0"),
        (["--created-by", "nobody"], "No user is called 'nobody'"),
    ],
)
def test_create_api_key_refuses_bad_options(db: None, args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        run("create_api_key", "--partner", "Acme News", *args)
    assert not APIKey.objects.exists()


def test_revoke_api_key_revokes_by_prefix(issued: IssuedKey) -> None:
    output = run("revoke_api_key", issued.key.prefix)

    assert output == f"Revoked {issued.key.prefix} (Acme News).\n"
    assert APIKey.objects.get().revoked_at is not None
    again = run("revoke_api_key", issued.secret)
    assert "was already revoked on" in again


def test_revoke_api_key_names_an_unknown_prefix(db: None) -> None:
    with pytest.raises(CommandError, match="No API key has the prefix 'nbk_00000000'"):
        run("revoke_api_key", "nbk_00000000")


def test_flush_api_usage_flushes_and_reports(issued: IssuedKey) -> None:
    metering.record(key_id=issued.key.pk, endpoint="other", response_bytes=1500, now=timezone.now())

    assert run("flush_api_usage") == "Flushed 1 row(s): 1 request(s), 1,500 byte(s).\n"
    assert KeyUsage.objects.get().count == 1


@pytest.fixture
def two_partners(issued: IssuedKey) -> tuple[APIKey, APIKey]:
    """Acme: 1,234 flushed list requests today and 3 buffered ones; Globe: 7 yesterday."""
    now = timezone.now()
    today = now.astimezone(datetime.UTC).date()
    other = services.issue_key(partner="The Globe").key
    KeyUsage.objects.create(
        key_id=issued.key.pk, day=today, endpoint="story-list", count=1234, response_bytes=5_000_000
    )
    for _ in range(3):
        metering.record(key_id=issued.key.pk, endpoint="story-list", response_bytes=100, now=now)
    KeyUsage.objects.create(
        key_id=other.pk,
        day=today - datetime.timedelta(days=1),
        endpoint="desks",
        count=7,
        response_bytes=70,
    )
    return issued.key, other


def test_api_usage_prints_an_aligned_table_with_buffered_counts(
    two_partners: tuple[APIKey, APIKey],
) -> None:
    acme, globe = two_partners
    today = timezone.now().astimezone(datetime.UTC).date()
    yesterday = today - datetime.timedelta(days=1)

    lines = run("api_usage", "--days", "2").splitlines()

    assert lines == [
        "day         key           partner    endpoint    requests      bytes",
        f"{today}  {acme.prefix}  Acme News  story-list     1,237  5,000,300",
        f"{yesterday}  {globe.prefix}  The Globe  desks              7         70",
        "total                                               1,244  5,000,370",
    ]


def test_api_usage_filters_by_key_and_by_days(two_partners: tuple[APIKey, APIKey]) -> None:
    acme, globe = two_partners

    assert acme.prefix not in run("api_usage", "--key", globe.prefix)
    assert globe.prefix not in run("api_usage", "--days", "1")
    assert run("api_usage", "--days", "1", "--key", globe.prefix) == (
        "No API usage in the last 1 day(s).\n"
    )


def test_api_usage_writes_csv_with_a_header(two_partners: tuple[APIKey, APIKey]) -> None:
    acme, _ = two_partners
    today = timezone.now().astimezone(datetime.UTC).date()

    rows = list(csv.reader(StringIO(run("api_usage", "--csv"))))

    assert rows[0] == ["day", "key", "partner", "endpoint", "requests", "bytes"]
    assert rows[1] == [today.isoformat(), acme.prefix, "Acme News", "story-list", "1237", "5000300"]
    assert len(rows) == 3


@pytest.mark.parametrize(
    ("args", "message"), [(["--days", "0"], "--days"), (["--key", "x"], "No API key")]
)
def test_api_usage_refuses_bad_options(db: None, args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        run("api_usage", *args)
