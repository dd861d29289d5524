"""The ops pages: the dashboard and the error groups, for editors and admins only."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from newsbudget.accounts.models import User
from ops.dashboard.latency import bucket_counts
from ops.dashboard.models import MinuteRollup
from ops.errors.models import ErrorGroup


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def last_hour(db: None) -> None:
    """Traffic for each of the last 30 minutes, rising, with a burst of errors."""
    now = timezone.now().replace(second=0, microsecond=0)
    for back in range(1, 31):
        requests = 100 + back
        MinuteRollup.objects.create(
            minute=now - datetime.timedelta(minutes=back),
            requests=requests,
            server_errors=5 if back < 5 else 0,
            latency_buckets=bucket_counts([8] * 80 + [120] * 20),
            cache_hits=70,
            cache_misses=30,
            queue_ready=back % 4,
            queue_lag_seconds=float(back),
            routes={"site:story": [requests - 10, 900.0], "site:home": [10, 4000.0]},
        )


def test_an_editor_sees_every_chart_drawn_from_the_rollups(
    editor: User, last_hour: None, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(editor)

    with django_assert_max_num_queries(8):
        response = client.get("/ops/")

    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    page = response.content.decode()
    assert page.count("<svg") == 6
    for title in ("Requests per minute", "Latency", "Server errors", "Cache hit ratio"):
        assert title in page
    assert len(re.findall(r"<polyline", page)) >= 6
    assert "No data yet" not in page
    top_routes = re.findall(r"<td><code>([^<]+)</code></td>", page)
    assert top_routes[:2] == ["site:home", "site:story"]


@pytest.mark.parametrize("range_name", ["hour", "day", "week"])
def test_every_range_renders(editor: User, last_hour: None, range_name: str) -> None:
    response = signed_in(editor).get(f"/ops/?range={range_name}")

    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<svg") == 6
    # Half an hour of data is one point on the week's hourly scale (a dot), or two lines.
    assert "No data yet" not in page


def test_an_unknown_range_is_a_clear_400(editor: User) -> None:
    response = signed_in(editor).get("/ops/?range=<fortnight>")

    assert response.status_code == 400
    assert b"choose one of hour, day, week" in response.content
    assert b"<fortnight>" not in response.content


def test_an_empty_dashboard_says_there_is_no_data_yet(editor: User) -> None:
    page = signed_in(editor).get("/ops/").content.decode()

    assert page.count("No data yet") == 6


def test_a_reporter_is_refused_and_a_reader_is_sent_to_sign_in(reporter: User) -> None:
    assert signed_in(reporter).get("/ops/").status_code == 403
    assert signed_in(reporter).get("/ops/errors/").status_code == 403
    anonymous = Client().get("/ops/")
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/accounts/login/")


@pytest.fixture
def jam(db: None) -> ErrorGroup:
    return ErrorGroup.objects.create(
        fingerprint="f" * 64,
        kind="request",
        exception_type="ops.errors.tests.views.PrintingPressJam",
        location="ops/errors/tests/views.py:17 in jam",
        message="press <b>2</b> jammed",
        count=7,
        last_traceback="Traceback (most recent call last):\n  ...\nPrintingPressJam",
        last_request_id="edge-42",
        last_where="GET /errors-test/jam/",
    )


def test_an_editor_reads_the_error_groups_and_a_traceback(editor: User, jam: ErrorGroup) -> None:
    client = signed_in(editor)

    listing = client.get("/ops/errors/").content.decode()
    detail = client.get(f"/ops/errors/{jam.pk}/").content.decode()

    assert "PrintingPressJam" in listing
    assert "edge-42" in listing
    assert "press &lt;b&gt;2&lt;/b&gt; jammed" in listing
    assert "Traceback (most recent call last)" in detail
    assert "Mark resolved" not in detail, "editors read; admins resolve"


def test_an_admin_marks_a_group_resolved(newsroom_admin: User, jam: ErrorGroup) -> None:
    client = signed_in(newsroom_admin)

    response = client.post(f"/ops/errors/{jam.pk}/resolve/")

    assert response.status_code == 302
    jam.refresh_from_db()
    assert jam.resolved_at is not None
    row = f'id="error-{jam.pk}"'
    assert row not in client.get("/ops/errors/").content.decode()
    assert row in client.get("/ops/errors/?show=resolved").content.decode()


def test_an_editor_cannot_resolve_and_a_get_changes_nothing(editor: User, jam: ErrorGroup) -> None:
    client = signed_in(editor)

    assert client.post(f"/ops/errors/{jam.pk}/resolve/").status_code == 403
    assert client.get(f"/ops/errors/{jam.pk}/resolve/").status_code == 405
    jam.refresh_from_db()
    assert jam.resolved_at is None


def test_hostile_page_numbers_and_ids_are_answered_calmly(editor: User, jam: ErrorGroup) -> None:
    client = signed_in(editor)

    assert client.get("/ops/errors/?page=%00").status_code == 200
    assert client.get("/ops/errors/?page=99999999999999999999").status_code == 200
    assert client.get("/ops/errors/99999999/").status_code == 404
