"""Impressions and clicks: counted in the cache by beacons, written by the flush, not per hit."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from newsbudget.accounts.models import User
from newsbudget.experiments import bucketing
from newsbudget.experiments.models import HeadlineTest
from newsbudget.experiments.tests.conftest import (
    as_reader,
    figures,
    flush_all,
    reader_in,
    send_click,
    send_impressions,
)


def test_it_assigns_each_reader_a_stable_variant_and_counts_impressions(
    client: Client, running_test: HeadlineTest
) -> None:
    reader = reader_in(running_test, 2)
    as_reader(client, reader)

    answers = [send_impressions(client, running_test.pk) for _ in range(3)]

    assert [a.status_code for a in answers] == [200, 200, 200]
    assert {json.dumps(a.json()) for a in answers} == {
        json.dumps({"variants": {str(running_test.pk): 2}})
    }
    flush_all()
    assert figures(running_test) == {0: (0, 0), 1: (0, 0), 2: (3, 0)}


def test_a_new_reader_gets_a_first_party_cookie_on_the_private_answer(
    client: Client, running_test: HeadlineTest
) -> None:
    response = send_impressions(client, running_test.pk)

    cookie = response.cookies[bucketing.READER_COOKIE]
    assert bucketing.valid_reader_id(cookie.value) == cookie.value
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    variant = bucketing.variant_for(reader_id=cookie.value, test_id=running_test.pk, variants=3)
    assert response.json() == {"variants": {str(running_test.pk): variant}}


def test_a_known_reader_gets_no_new_cookie(client: Client, running_test: HeadlineTest) -> None:
    as_reader(client, reader_in(running_test, 1))

    response = send_impressions(client, running_test.pk)

    assert bucketing.READER_COOKIE not in response.cookies


def test_clicks_are_counted_for_the_variant_the_reader_saw(
    client: Client, running_test: HeadlineTest
) -> None:
    as_reader(client, reader_in(running_test, 1))
    send_impressions(client, running_test.pk)

    response = send_click(client, running_test.pk)

    assert response.status_code == 204
    flush_all()
    assert figures(running_test) == {0: (0, 0), 1: (1, 1), 2: (0, 0)}


def test_readers_in_every_bucket_add_up(client: Client, running_test: HeadlineTest) -> None:
    for variant in (0, 1, 2, 2):
        reader = Client()
        as_reader(reader, reader_in(running_test, variant))
        send_impressions(reader, running_test.pk)
        if variant == 2:
            send_click(reader, running_test.pk)

    flush_all()
    flush_all()  # a second flush writes nothing twice

    assert figures(running_test) == {0: (1, 0), 1: (1, 0), 2: (2, 2)}


def test_counting_runs_no_query_once_the_running_tests_are_cached(
    client: Client, running_test: HeadlineTest, django_assert_num_queries: Any
) -> None:
    as_reader(client, reader_in(running_test, 0))
    send_impressions(client, running_test.pk)  # the running tests are now cached

    with django_assert_num_queries(0):
        assert send_impressions(client, running_test.pk).status_code == 200
        assert send_click(client, running_test.pk).status_code == 204


def test_the_flush_writes_a_window_in_a_few_queries_whatever_the_count(
    client: Client, running_test: HeadlineTest, django_assert_max_num_queries: Any
) -> None:
    as_reader(client, reader_in(running_test, 0))
    for _ in range(25):
        send_impressions(client, running_test.pk)

    with django_assert_max_num_queries(8):
        flush_all()

    assert figures(running_test)[0] == (25, 0)


def test_signed_in_staff_get_the_real_headline_and_are_not_counted(
    client: Client, editor: User, running_test: HeadlineTest
) -> None:
    client.force_login(editor)

    response = send_impressions(client, running_test.pk)
    send_click(client, running_test.pk)

    assert response.json() == {"variants": {}}
    flush_all()
    assert figures(running_test) == {0: (0, 0), 1: (0, 0), 2: (0, 0)}


def test_bots_are_not_counted(client: Client, running_test: HeadlineTest) -> None:
    as_reader(client, reader_in(running_test, 1))

    response = send_impressions(client, running_test.pk, HTTP_USER_AGENT="Googlebot/2.1")
    send_click(client, running_test.pk, HTTP_USER_AGENT="")

    assert response.json() == {"variants": {}}
    flush_all()
    assert figures(running_test)[1] == (0, 0)


def test_a_click_without_a_bucket_is_not_counted(
    client: Client, running_test: HeadlineTest
) -> None:
    assert send_click(client, running_test.pk).status_code == 204
    flush_all()
    assert sum(clicks for _shown, clicks in figures(running_test).values()) == 0


def test_unknown_and_ended_tests_and_junk_are_ignored(
    client: Client, running_test: HeadlineTest
) -> None:
    as_reader(client, reader_in(running_test, 0))

    response = client.post(
        "/headline-tests/impressions", {"tests": ["999999", "x", "-3", "9" * 40]}
    )

    assert response.status_code == 200
    assert response.json() == {"variants": {}}
    assert send_click(client, 999999).status_code == 204


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_beacons_take_only_posts(client: Client, running_test: HeadlineTest, method: str) -> None:
    assert getattr(client, method)("/headline-tests/impressions").status_code == 405
    assert getattr(client, method)(f"/headline-tests/{running_test.pk}/click").status_code == 405


def test_another_sites_pages_cannot_count(client: Client, running_test: HeadlineTest) -> None:
    as_reader(client, reader_in(running_test, 0))

    assert (
        send_impressions(client, running_test.pk, HTTP_SEC_FETCH_SITE="cross-site").status_code
        == 403
    )
    assert send_click(client, running_test.pk, HTTP_SEC_FETCH_SITE="cross-site").status_code == 403
    flush_all()
    assert figures(running_test)[0] == (0, 0)


def test_the_beacons_are_rate_limited_per_client(
    client: Client, running_test: HeadlineTest, settings: Any
) -> None:
    settings.RATE_LIMITS = {
        "headline_tests": {**settings.RATE_LIMITS["headline_tests"], "rate": "3/m"},
    }
    as_reader(client, reader_in(running_test, 1))

    statuses = [send_impressions(client, running_test.pk).status_code for _ in range(4)]
    click = send_click(client, running_test.pk)

    assert statuses == [200, 200, 200, 429]
    assert click.status_code == 429
    flush_all()
    assert figures(running_test)[1] == (3, 0)
